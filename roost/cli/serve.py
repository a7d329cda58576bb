"""``roost serve``: open the store, make sure a demo App and user exist, run the HTTP server."""

from __future__ import annotations

import argparse
import logging
import sys
from typing import Any

from roost.config import Settings
from roost.domain.model import AccessToken, App
from roost.runtime import Runtime
from roost.services import apps, users
from roost.store import open_store

DEMO_APP = "Roost Demo"
DEMO_USER = "demo"

_SNIPPET = """\
Roost is serving the Twitter API at {base}
Demo app "{app}" and user @{user} (kept in the database, printed at every start):
  consumer key        {ck}
  consumer secret     {cs}
  access token        {at}
  access token secret {ats}
  bearer token        {bearer}

Try it with tweepy (pip install tweepy):

  import requests, tweepy

  class PlainHttp(requests.adapters.HTTPAdapter):  # tweepy speaks https only
      def send(self, request, **kwargs):
          request.url = request.url.replace("https://", "http://", 1)
          return super().send(request, **kwargs)

  auth = tweepy.OAuth1UserHandler("{ck}", "{cs}",
                                  "{at}", "{ats}")
  api = tweepy.API(auth, host="{hostport}")
  api.session.mount("https://", PlainHttp())
  print(api.verify_credentials().screen_name)

Web pages: {base}/<screen_name>, the developer portal at {base}/en/portal/dashboard and the
OAuth consent pages; sign in as an account made with `roost users create NAME --password PW`.
"""


def ensure_demo(rt: Runtime) -> tuple[App, AccessToken, str]:
    """The demo App, its owner @demo and @demo's access token; created on first start."""
    with rt.store.read() as tx:
        app = tx.app_by_name(DEMO_APP)
        user = tx.user_by_screen_name(DEMO_USER)
    if user is None:
        user = users.create_user(rt, DEMO_USER, name="Roost Demo User")
    if app is None:
        app, _ = apps.create_app(rt, DEMO_APP, website="https://github.com/roost", owner_id=user.id)
    with rt.store.read() as tx:
        token = tx.access_token_for(app.id, user.id)
    if token is None:
        token = apps.create_access_token(rt, app, user.id)
    bearer = apps.issue_bearer_token(rt, app)
    return app, token, bearer.token


def _print_demo(settings: Settings, app: App, token: AccessToken, bearer: str) -> None:
    scheme = "https" if settings.ssl_certfile else "http"
    hostport = f"{settings.host}:{settings.port}"
    sys.stdout.write(
        _SNIPPET.format(
            base=f"{scheme}://{hostport}",
            app=app.name,
            user=DEMO_USER,
            ck=app.consumer_key,
            cs=app.consumer_secret,
            at=token.token,
            ats=token.secret,
            bearer=bearer,
            hostport=hostport,
        )
    )
    sys.stdout.flush()


def run(args: argparse.Namespace, settings: Settings) -> Any:
    """Serve until interrupted."""
    import uvicorn

    from roost.app import create_app
    from roost.server import RoostServer

    logging.basicConfig(
        level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )
    store = open_store(settings.database_url, user_cache_ttl=settings.user_cache_ttl)
    rt = Runtime(settings, store)
    if not args.no_demo:
        _print_demo(settings, *ensure_demo(rt))
    from roost.domain import signals
    from roost.geo import places

    places.preload()  # GeoNames index built now, not on the first geotagged Tweet
    signals.preload()  # the language model and VADER now, not in the first post
    app = create_app(settings, rt)
    config = uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level,
        ssl_certfile=settings.ssl_certfile,
        ssl_keyfile=settings.ssl_keyfile,
        access_log=False,
        server_header=False,
        loop="auto",
        http="auto",
    )
    RoostServer(config).run()
    return None
