"""upload.twitter.com: media/upload (simple and chunked), STATUS, metadata/create; the deprecated
statuses/update_with_media; and the stored files themselves (Roost's pbs.twimg.com).

Multipart and JSON bodies are not part of the OAuth signature, so their fields are read here,
after authentication: multipart fields join the query string's parameters.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import orjson

from roost.api import multipart
from roost.api.endpoint import Call, Reply
from roost.api.params import Params
from roost.api.v1 import statuses
from roost.domain import media as rules
from roost.domain.errors import (
    MediaParameterMissing,
    MissingStatus,
    OverDailyPhotoLimit,
    PageNotFound,
    ParameterInvalid,
    UploadError,
)
from roost.domain.ids import parse_id
from roost.render import media as render
from roost.services import media, tweets


@dataclass
class UploadInput:
    """An upload request's parameters (query, form or multipart fields) and its file parts."""

    params: Params
    files: dict[str, multipart.Part]

    def file(self) -> bytes | None:
        """The media bytes: a ``media`` part (twurl: ``media[]``) or base64 ``media_data``."""
        part = self.files.get("media") or self.files.get("media[]")
        if part is not None:
            return part.data
        encoded = self.params.get("media_data")
        if not encoded:
            return None
        # a "+" sent unescaped in a form body arrives as a space; line breaks are ignored
        cleaned = "".join(encoded.replace(" ", "+").split())
        try:
            return base64.b64decode(cleaned, validate=True)
        except (binascii.Error, ValueError):
            raise UploadError("media type unrecognized.") from None


def read_upload(call: Call) -> UploadInput:
    """The request's parameters, with a multipart body's fields after the query string's."""
    content_type = call.request.headers.get("content-type", "")
    if not multipart.is_multipart(content_type):
        return UploadInput(call.params, {})
    form = multipart.parse(content_type, call.body)
    query = call.request.scope.get("query_string", b"").decode("utf-8", "replace")
    pairs = parse_qsl(query, keep_blank_values=True) + form.fields
    return UploadInput(Params(pairs), form.files)


def base_url(call: Call) -> str:
    """Where this Roost is reached: the configured public URL, else the request's own origin
    (stored with each upload, so media URLs render without a request)."""
    settings = call.rt.settings
    for url in (settings.public_url or "").split(","):
        url = url.strip()
        if url:
            parts = urlsplit(url if "://" in url else f"https://{url}")
            return f"{parts.scheme}://{parts.netloc}"
    scope = call.request.scope
    headers = call.request.headers
    scheme = scope.get("scheme", "http")
    host = headers.get("host")
    if settings.proxy_headers:
        scheme = headers.get("x-forwarded-proto", scheme).split(",")[0].strip()
        host = headers.get("x-forwarded-host", host or "").split(",")[0].strip() or host
    if not host:
        server = scope.get("server") or ("localhost", None)
        host = f"{server[0]}:{server[1]}" if server[1] else server[0]
    return f"{scheme}://{host}"


def _media_id(p: Params, request: str = "/1.1/media/upload.json") -> int:
    raw = p.get("media_id")
    if not raw:
        raise MediaParameterMissing("media_id")
    raw = raw.strip()
    media_id = parse_id(raw)
    if media_id is None:
        raise media.invalid_media_id(raw, request)
    return media_id


def _required_int(p: Params, name: str) -> int:
    if not p.get(name):
        raise MediaParameterMissing(name)
    value = p.integer(name, minimum=0, clamp=False)
    assert value is not None
    return value


def _init(call: Call, p: Params) -> Reply:
    media_type = p.get("media_type")
    if not media_type:
        raise MediaParameterMissing("media_type")
    rt = call.rt.runtime
    found = media.init(
        rt,
        call.user(),
        total_bytes=_required_int(p, "total_bytes"),
        media_type=media_type.strip().lower(),
        category=p.get("media_category") or None,
        owners=p.id_list("additional_owners", maximum=100),
        base_url=base_url(call),
    )
    return Reply(render.initialized(found, rt.now_ms()), status=202)


def _append(call: Call, inp: UploadInput) -> Reply:
    media_id = _media_id(inp.params)
    index = _required_int(inp.params, "segment_index")
    data = inp.file()
    if data is None:
        raise MediaParameterMissing("media")
    media.append(call.rt.runtime, call.user(), media_id, index, data)
    return Reply(status=204)  # "HTTP 2XX ... without any content body"


def upload(call: Call) -> Any:
    """POST media/upload: ``command`` INIT (202), APPEND (204) or FINALIZE (201), else a simple
    upload (200).

    Any other command is a simple upload too, as on Twitter: a STATUS sent by POST was
    answered "media parameter is missing." (draftbit/twitter-lite#125)."""
    inp = read_upload(call)
    p = inp.params
    rt = call.rt.runtime
    command = p.get("command")
    if command == "INIT":
        return _init(call, p)
    if command == "APPEND":
        return _append(call, inp)
    if command == "FINALIZE":
        found = media.finalize(rt, call.user(), _media_id(p))
        return Reply(render.finalized(found, rt.now_ms()), status=201)
    data = inp.file()
    if data is None:
        raise MediaParameterMissing("media")
    found = media.upload(
        rt,
        call.user(),
        data,
        category=p.get("media_category") or None,
        owners=p.id_list("additional_owners", maximum=100),
        base_url=base_url(call),
    )
    return render.uploaded(found, rt.now_ms())


def status(call: Call) -> dict[str, Any]:
    """GET media/upload?command=STATUS&media_id=: an async upload's processing_info."""
    command = call.params.get("command")
    if not command:
        raise MediaParameterMissing("command")
    if command != "STATUS":  # "Must be set to STATUS (case sensitive)"
        raise ParameterInvalid("command")
    rt = call.rt.runtime
    found = media.status(rt, call.user(), _media_id(call.params))
    return render.finalized(found, rt.now_ms())


def metadata_create(call: Call) -> Reply:
    """POST media/metadata/create: ``{"media_id": "...", "alt_text": {"text": "..."}}``."""
    request = media.METADATA_REQUEST
    try:
        doc = orjson.loads(call.body)
    except orjson.JSONDecodeError:
        doc = None
    alt = doc.get("alt_text") if isinstance(doc, dict) else None
    text = alt.get("text") if isinstance(alt, dict) else None
    if not isinstance(doc, dict) or "media_id" not in doc or not isinstance(text, str):
        raise UploadError("Invalid json payload.", request)  # a real reply's wording
    media_id = _media_id(Params([("media_id", str(doc["media_id"]))]), request)
    media.create_metadata(call.rt.runtime, call.user(), media_id, text)
    return Reply(status=200, raw=b"", media_type=None)  # "HTTP 2xx", no body


def update_with_media(call: Call) -> Reply:
    """POST statuses/update_with_media (deprecated): a status with one image, sent as
    multipart ``media[]``; answers with the Tweet and the x-mediaratelimit-* headers."""
    inp = read_upload(call)
    if not (inp.params.get("status") or "").strip():
        raise MissingStatus()
    data = inp.file()
    if data is None:
        raise MediaParameterMissing("media")
    rt = call.rt.runtime
    user = call.user()
    limit, remaining, reset = media.daily_quota(rt, user)
    headers = {
        "x-mediaratelimit-class": "photos",
        "x-mediaratelimit-limit": str(limit),
        "x-mediaratelimit-remaining": str(remaining),
        "x-mediaratelimit-reset": str(reset),
    }
    if remaining <= 0:
        raise OverDailyPhotoLimit(headers=headers)
    uploaded = media.upload_for_status(rt, user, data, base_url=base_url(call))
    headers["x-mediaratelimit-remaining"] = str(remaining - 1)
    req = statuses.post_request(inp.params)
    req.media_ids = [uploaded.id]
    assert call.actor is not None
    tweet = tweets.post(rt, user, call.actor.app, req)
    body = statuses.render(call, [tweet], statuses.options(inp.params))[0]
    return Reply(body, headers=headers)


def file(call: Call) -> Reply:
    """GET /media/<name>.<ext>: an uploaded file (``.jpg`` of a GIF or video: its still)."""
    name, _, ext = call.path_params["file"].partition(".")
    ext = ext.split(":", 1)[0].lower()  # Twitter's "<file>:large" size suffix: the original
    media_id = rules.media_id_of(name)
    rt = call.rt.runtime
    found = None
    if media_id is not None:
        with rt.store.read() as tx:
            found = tx.media_by_id(media_id)
    if found is None or found.name != name or found.state in (rules.UPLOADING, rules.FAILED):
        raise PageNotFound()
    if ext == rules.extension(found.media_type):
        key, media_type = media.file_key(found), found.media_type
    elif ext == "jpg" and found.kind != rules.PHOTO:
        key, media_type = media.poster_key(found), "image/jpeg"
    else:
        raise PageNotFound()
    headers = {"cache-control": "max-age=604800"}
    path = rt.blobs.path(key)
    if path is not None:
        return Reply(file=path, media_type=media_type, headers=headers)
    data = rt.blobs.get(key)
    if data is None:
        raise PageNotFound()
    return Reply(raw=data, media_type=media_type, headers=headers)
