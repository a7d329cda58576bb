"""GET /2/users/me: the authenticating user as a v2 User object.

Twitter's OAuth 2.0 guide makes it the first call after the PKCE flow (its example request),
and clients use it to learn whose token they hold (tweepy ``Client.get_me``, twitter-api-v2
``v2.me``). Query parameters are v2's: ``user.fields``, ``expansions`` (``pinned_tweet_id``;
Roost has no pinned Tweets, so there is never an ``includes``) and ``tweet.fields``; any other
is 400 invalid-request, as v2 refused it.
"""

from __future__ import annotations

from typing import Any

from roost.api.endpoint import Call
from roost.domain.errors import InvalidRequest
from roost.render.v2_users import USER_FIELDS, user_v2

_PARAMETERS = ("expansions", "tweet.fields", "user.fields")
_EXPANSIONS = ("pinned_tweet_id",)
# tweet.fields only shapes an expanded pinned Tweet; the values Twitter's reference listed.
_TWEET_FIELDS = (
    "attachments", "author_id", "context_annotations", "conversation_id", "created_at",
    "edit_controls", "edit_history_tweet_ids", "entities", "geo", "id", "in_reply_to_user_id",
    "lang", "non_public_metrics", "organic_metrics", "possibly_sensitive", "promoted_metrics",
    "public_metrics", "referenced_tweets", "reply_settings", "source", "text", "withheld",
)  # fmt: skip


def _listed(call: Call, name: str, allowed: tuple[str, ...]) -> frozenset[str]:
    """A comma-separated v2 parameter, each value one of ``allowed`` (400 otherwise)."""
    raw = call.params.get(name)
    if raw is None:
        return frozenset()
    values = [v for v in raw.split(",")]
    for value in values:
        if value not in allowed:
            raise InvalidRequest(
                f"The `{name}` query parameter value [{value}] is not one of [{','.join(allowed)}]",
                {name: [value]},
            )
    return frozenset(values)


def me(call: Call) -> dict[str, Any]:
    """GET /2/users/me: ``{"data": User}``."""
    for name in call.params.names():
        if name not in _PARAMETERS:
            raise InvalidRequest(
                f"The query parameter [{name}] is not one of [{','.join(_PARAMETERS)}]",
                {name: [call.params.get(name) or ""]},
            )
    fields = _listed(call, "user.fields", USER_FIELDS)
    _listed(call, "expansions", _EXPANSIONS)
    _listed(call, "tweet.fields", _TWEET_FIELDS)
    return {"data": user_v2(call.user(), fields)}
