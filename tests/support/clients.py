"""Real clients pointed at a live Roost: tweepy over plain http, and raw signed requests."""

from __future__ import annotations

from typing import Any

import requests
import tweepy
from requests_oauthlib import OAuth1


class PlainHttp(requests.adapters.HTTPAdapter):
    """tweepy only speaks https; send its requests to the plain-http test server unchanged."""

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        assert request.url is not None
        request.url = request.url.replace("https://", "http://", 1)
        return super().send(request, **kwargs)


def tweepy_api(
    hostport: str,
    consumer_key: str,
    consumer_secret: str,
    token: str | None = None,
    secret: str | None = None,
    bearer: str | None = None,
) -> tweepy.API:
    """A tweepy.API on a Roost server (user context, or app-only with ``bearer``)."""
    auth: Any
    if bearer is not None:
        auth = tweepy.OAuth2BearerHandler(bearer)
    else:
        auth = tweepy.OAuth1UserHandler(consumer_key, consumer_secret, token, secret)
    api = tweepy.API(auth, host=hostport, upload_host=hostport)
    api.session.mount("https://", PlainHttp())
    return api


def signed_session(
    consumer_key: str,
    consumer_secret: str,
    token: str | None = None,
    secret: str | None = None,
    **kwargs: Any,
) -> requests.Session:
    """A requests session that signs every request with OAuth 1.0a (requests-oauthlib)."""
    session = requests.Session()
    session.auth = OAuth1(consumer_key, consumer_secret, token, secret, **kwargs)
    return session


class TwitterToRoost(requests.adapters.HTTPAdapter):
    """Send requests for ``https://api.twitter.com`` (tweepy.Client's fixed host) to a Roost
    on plain http, after the client signed them for Twitter's URL."""

    def __init__(self, base: str) -> None:
        super().__init__()
        self.base = base

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        assert request.url is not None
        request.url = request.url.replace("https://api.twitter.com", self.base, 1)
        return super().send(request, **kwargs)


def tweepy_client(
    base: str,
    consumer_key: str | None = None,
    consumer_secret: str | None = None,
    token: str | None = None,
    secret: str | None = None,
    bearer: str | None = None,
) -> tweepy.Client:
    """tweepy's v2 Client on a Roost at ``base`` (OAuth 1.0a user context, or a bearer)."""
    client = tweepy.Client(
        bearer_token=bearer,
        consumer_key=consumer_key,
        consumer_secret=consumer_secret,
        access_token=token,
        access_token_secret=secret,
    )
    client.session.mount("https://api.twitter.com", TwitterToRoost(base))
    return client


def oauth2_user_handler(
    base: str,
    client_id: str,
    redirect_uri: str,
    scope: list[str],
    client_secret: str | None = None,
) -> tweepy.OAuth2UserHandler:
    """tweepy's OAuth 2.0 PKCE handler, unchanged, its token requests (to
    ``https://api.twitter.com/2/oauth2/token``) sent to a Roost at ``base``."""
    handler = tweepy.OAuth2UserHandler(
        client_id=client_id, redirect_uri=redirect_uri, scope=scope, client_secret=client_secret
    )
    handler.mount("https://api.twitter.com", TwitterToRoost(base))
    return handler
