"""statuses/update, destroy, show and lookup: parameters -> services.tweets -> render.tweets."""

from __future__ import annotations

from typing import Any

from roost.api.endpoint import Call
from roost.api.params import Params
from roost.domain.errors import ParameterInvalid, ParameterMissing
from roost.domain.ids import parse_id
from roost.domain.model import Tweet
from roost.render.fragments import fragments
from roost.render.tweets import TweetOptions, load_tweet_context, tweet_v1
from roost.services import tweets


def options(p: Params) -> TweetOptions:
    """The rendering switches every statuses endpoint takes."""
    return TweetOptions(
        include_entities=p.flag("include_entities", True),
        trim_user=p.flag("trim_user"),
        extended=(p.get("tweet_mode") or "").lower() == "extended",
        include_my_retweet=p.flag("include_my_retweet"),
        include_card_uri=p.flag("include_card_uri"),
        include_ext_edit_control=p.flag("include_ext_edit_control"),
        include_ext_alt_text=p.flag("include_ext_alt_text"),
    )


def render(call: Call, found: list[Tweet], opts: TweetOptions | None = None) -> list[Any]:
    """v1.1 Tweet objects for this caller (context loaded once for the page), as JSON
    fragments from the rendered-Tweet cache (render/fragments.py)."""
    opts = opts or options(call.params)
    with call.rt.runtime.store.read() as tx:
        ctx = load_tweet_context(tx, call.viewer_id, found, opts)
    return fragments.render(found, ctx, opts)


def post_request(p: Params) -> tweets.PostRequest:
    """The parameters of POST statuses/update (and update_with_media), parsed."""
    return tweets.PostRequest(
        status=p.get("status") or "",
        in_reply_to_status_id=p.snowflake("in_reply_to_status_id"),
        auto_populate_reply_metadata=p.flag("auto_populate_reply_metadata"),
        exclude_reply_user_ids=p.id_list("exclude_reply_user_ids", maximum=50),
        attachment_url=p.get("attachment_url") or None,
        possibly_sensitive=p.optional_flag("possibly_sensitive"),
        lat=p.get("lat"),
        long=p.get("long"),
        place_id=p.get("place_id") or None,
        display_coordinates=p.flag("display_coordinates", True),
        card_uri=p.get("card_uri") or None,
        media_ids=p.id_list("media_ids", maximum=100),  # more than 4: 324 (services)
    )


def update(call: Call) -> Any:
    """POST statuses/update."""
    assert call.actor is not None
    tweet = tweets.post(call.rt.runtime, call.user(), call.actor.app, post_request(call.params))
    return render(call, [tweet])[0]


def status_id_param(call: Call) -> int:
    """The status id of ``/:id.json`` or of ``?id=`` (400/44 when it is not a number)."""
    raw = call.path_params.get("id")
    if raw is not None:
        path_id = parse_id(raw)
        if path_id is None:
            raise ParameterInvalid("id")
        return path_id
    status_id = call.params.snowflake("id")
    if status_id is None:
        raise ParameterMissing("id")
    return status_id


def destroy(call: Call) -> dict[str, Any]:
    """POST statuses/destroy/:id: the deleted status, as it was."""
    tweet = tweets.destroy(call.rt.runtime, call.user(), status_id_param(call))
    opts = options(call.params)
    with call.rt.runtime.store.read() as tx:
        ctx = load_tweet_context(tx, call.viewer_id, [tweet], opts)
    ctx.users.setdefault(tweet.user_id, call.user())
    return tweet_v1(tweet, ctx, opts)


def show(call: Call) -> Any:
    """GET statuses/show.json?id= and /show/:id.json."""
    tweet = tweets.show(call.rt.runtime, call.viewer_id, status_id_param(call))
    return render(call, [tweet])[0]


def lookup(call: Call) -> Any:
    """GET/POST statuses/lookup: up to 100 ids; ``map=true`` gives an id-keyed object with null
    for unknown, deleted or invisible statuses."""
    ids = call.params.id_list("id", maximum=100)
    found = tweets.lookup(call.rt.runtime, call.viewer_id, ids)
    ordered = list(dict.fromkeys(i for i in ids if i in found))
    rendered = dict(zip(ordered, render(call, [found[i] for i in ordered]), strict=True))
    if call.params.flag("map"):
        return {"id": {str(i): rendered.get(i) for i in dict.fromkeys(ids)}}
    return [rendered[i] for i in ordered]
