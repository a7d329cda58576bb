"""POST /2/tweets and DELETE /2/tweets/:id (the Manage Tweets endpoints).

The JSON body is checked as Twitter's OpenAPI schema did (``TweetCreateRequest``, FIDELITY
section 11): only its keys, ids as strings of 1 to 19 digits, media / poll / quote / card / DM
deep link excluding each other; a refused body is 400 invalid-request with one entry per
problem, its message in the JSON-path style Twitter's schema validator wrote
(``$.poll.options: ...``). Then it is the same post as statuses/update: the same store,
timelines, search, streams and collections, the App's source label, the shared 300 per 3 hours.
A reply (``reply.in_reply_to_tweet_id``) always carries its leading @mentions, as v2 replies do
(v1.1's ``auto_populate_reply_metadata=true``).
"""

from __future__ import annotations

import re
from typing import Any

import orjson

from roost.api.endpoint import Call, Reply
from roost.domain import polls
from roost.domain.errors import (
    Forbidden,
    InvalidMediaIds,
    InvalidRequest,
    ParameterInvalid,
    TooManyMediaIds,
)
from roost.domain.ids import parse_id
from roost.domain.permalinks import is_dm_deep_link
from roost.services import tweets

_ID = re.compile(r"^[0-9]{1,19}$")
_ID_PATTERN = "^[0-9]{1,19}$"
_KEYS = {
    "text",
    "reply",
    "quote_tweet_id",
    "media",
    "poll",
    "geo",
    "reply_settings",
    "for_super_followers_only",
    "nullcast",
    "direct_message_deep_link",
    "card_uri",
}
_OBJECT_KEYS = {
    "reply": {"in_reply_to_tweet_id", "exclude_reply_user_ids"},
    "media": {"media_ids", "tagged_user_ids"},
    "poll": {"options", "duration_minutes"},
    "geo": {"place_id"},
}
_ATTACHMENTS = ("media", "poll", "quote_tweet_id", "card_uri", "direct_message_deep_link")


def _invalid(path: str, problem: str, value: Any = None) -> InvalidRequest:
    """400 invalid-request naming the parameter (``media.media_ids``) and its value."""
    parameters = {path: [value if isinstance(value, str) else orjson.dumps(value).decode()]}
    return InvalidRequest(f"$.{path}: {problem}", parameters if value is not None else {})


def _body(call: Call) -> dict[str, Any]:
    content_type = call.request.headers.get("content-type", "")
    if not content_type.split(";")[0].strip().lower().endswith("json"):
        raise InvalidRequest("Requests with bodies must have content-type of application/json.")
    try:
        body = orjson.loads(call.body or b"")
    except orjson.JSONDecodeError:
        raise InvalidRequest("Request body is not valid JSON.") from None
    if not isinstance(body, dict):
        raise InvalidRequest("$: must be an object")
    for key in body:
        if key not in _KEYS:
            raise _invalid(
                key,
                "is not defined in the schema and the schema does not allow additional properties",
                body[key],
            )
    for key, allowed in _OBJECT_KEYS.items():
        if key in body:
            if not isinstance(body[key], dict):
                raise _invalid(key, "must be an object", body[key])
            for inner in body[key]:
                if inner not in allowed:
                    raise _invalid(
                        f"{key}.{inner}",
                        "is not defined in the schema and the "
                        "schema does not allow additional properties",
                        body[key][inner],
                    )
    return body


def _id(value: Any, path: str) -> int:
    tweet_id = parse_id(value) if isinstance(value, str) and _ID.match(value) else None
    if tweet_id is None:
        raise _invalid(path, f"does not match the regex pattern {_ID_PATTERN}", value)
    return tweet_id


def _ids(value: Any, path: str, low: int, high: int) -> list[int]:
    if not isinstance(value, list):
        raise _invalid(path, "must be an array", value)
    if not low <= len(value) <= high:
        raise _invalid(path, f"must have between {low} and {high} items", value)
    return [_id(v, f"{path}[{i}]") for i, v in enumerate(value)]


def _flag(body: dict[str, Any], key: str) -> bool:
    value = body.get(key, False)
    if not isinstance(value, bool):
        raise _invalid(key, "must be a boolean", value)
    return value


def _string(body: dict[str, Any], key: str) -> str | None:
    value = body.get(key)
    if value is not None and not isinstance(value, str):
        raise _invalid(key, "must be a string", value)
    return value


def post_request(body: dict[str, Any]) -> tweets.PostRequest:
    """The v2 body as the parameters of a post (schema and exclusions checked here, the
    rules of the post itself in services/tweets.py)."""
    text = _string(body, "text")
    present = [k for k in _ATTACHMENTS if body.get(k) not in (None, {}, [])]
    if len(present) > 1:
        first, second = present[:2]
        raise InvalidRequest(
            f"$.{first}: is mutually exclusive with {second}",
            {first: [orjson.dumps(body[first]).decode()]},
        )
    if text is None and "media" not in body and "card_uri" not in body:
        raise InvalidRequest("$.text: is required unless media or card_uri is given")
    if _flag(body, "for_super_followers_only"):
        raise Forbidden("You are not permitted to create an exclusive Tweet.")
    if _flag(body, "nullcast"):  # promoted-only Tweets need an Ads account
        raise Forbidden("You are not permitted to perform this action.")
    req = tweets.PostRequest(status=text or "", card_uri=_string(body, "card_uri"))
    reply = body.get("reply")
    if reply is not None:
        if "in_reply_to_tweet_id" not in reply:
            raise _invalid("reply.in_reply_to_tweet_id", "is missing but it is required", reply)
        req.in_reply_to_status_id = _id(reply["in_reply_to_tweet_id"], "reply.in_reply_to_tweet_id")
        req.auto_populate_reply_metadata = True
        if "exclude_reply_user_ids" in reply:
            req.exclude_reply_user_ids = _ids(
                reply["exclude_reply_user_ids"], "reply.exclude_reply_user_ids", 0, 50
            )
    quote = body.get("quote_tweet_id")
    if quote is not None:
        req.quote_status_id = _id(quote, "quote_tweet_id")
    link = _string(body, "direct_message_deep_link")
    if link is not None:
        if not is_dm_deep_link(link):
            raise _invalid(
                "direct_message_deep_link", "is not a valid direct message deep link", link
            )
        req.attachment_url = link
    media = body.get("media")
    if media is not None:
        req.media_ids = _ids(media.get("media_ids"), "media.media_ids", 1, 4)
        if "tagged_user_ids" in media:
            req.tagged_user_ids = _ids(media["tagged_user_ids"], "media.tagged_user_ids", 0, 10)
    poll = body.get("poll")
    if poll is not None:
        _poll(poll, req)
    geo = body.get("geo")
    if geo is not None:
        place = geo.get("place_id")
        if not isinstance(place, str):
            raise _invalid("geo.place_id", "must be a string", place)
        req.place_id = place
    settings = _string(body, "reply_settings")
    if settings is not None:
        if settings not in polls.REPLY_SETTINGS:
            raise _invalid(
                "reply_settings", f"must be one of [{', '.join(polls.REPLY_SETTINGS)}]", settings
            )
        req.reply_settings = settings
    return req


def _poll(poll: dict[str, Any], req: tweets.PostRequest) -> None:
    options = poll.get("options")
    if not isinstance(options, list) or not all(isinstance(o, str) for o in options):
        raise _invalid("poll.options", "must be an array of strings", options)
    if not polls.MIN_OPTIONS <= len(options) <= polls.MAX_OPTIONS:
        raise _invalid(
            "poll.options",
            f"must have between {polls.MIN_OPTIONS} and {polls.MAX_OPTIONS} items",
            options,
        )
    for i, option in enumerate(options):
        problem = polls.option_problem(option)
        if problem:
            raise _invalid(f"poll.options[{i}]", problem, option)
    duration = poll.get("duration_minutes")
    if not isinstance(duration, int) or isinstance(duration, bool):
        raise _invalid("poll.duration_minutes", "must be an integer", duration)
    if not polls.MIN_DURATION <= duration <= polls.MAX_DURATION:
        raise _invalid(
            "poll.duration_minutes",
            f"must be between {polls.MIN_DURATION} and {polls.MAX_DURATION}",
            duration,
        )
    req.poll_options, req.poll_duration_minutes = options, duration


def create(call: Call) -> Reply:
    """POST /2/tweets: 201 ``{"data":{"id","text","edit_history_tweet_ids"}}``."""
    assert call.actor is not None
    body = _body(call)
    req = post_request(body)
    try:
        tweet = tweets.post(call.rt.runtime, call.user(), call.actor.app, req)
    except ParameterInvalid as refused:
        if refused.name != "quote_tweet_id":
            raise
        raise _invalid(
            "quote_tweet_id", "is not a Tweet you may quote", body["quote_tweet_id"]
        ) from None
    except (InvalidMediaIds, TooManyMediaIds):
        # the ids as sent, under their path (../shared/FIDELITY.md's recorded 400)
        sent = [str(i) for i in (body.get("media") or {}).get("media_ids") or []]
        raise InvalidRequest("Your media IDs are invalid.", {"media.media_ids": sent}) from None
    sid = str(tweet.id)
    return Reply(
        {"data": {"edit_history_tweet_ids": [sid], "id": sid, "text": tweet.text}},
        status=201,
        headers={"location": f"https://api.twitter.com/2/tweets/{sid}"},
    )


def destroy(call: Call) -> dict[str, Any]:
    """DELETE /2/tweets/:id: ``{"data":{"deleted":true}}``, the author only."""
    raw = call.path_params["id"]
    tweet_id = parse_id(raw) if _ID.match(raw) else None
    if tweet_id is None:
        raise InvalidRequest(
            f"The `id` query parameter value [{raw}] does not match {_ID_PATTERN}", {"id": [raw]}
        )
    tweets.destroy(call.rt.runtime, call.user(), tweet_id)
    return {"data": {"deleted": True}}
