"""multipart/form-data bodies as the upload clients send them, parsed with python-multipart.

twurl sends ``Content-Type: multipart/form-data, boundary="00Twurl…lruwT99"`` (a comma, and a
quoted boundary), which generic header parsers reject, so the boundary is found here. A part
may carry ``Content-Transfer-Encoding: base64`` (the media best practices ask for it on base64
images); such parts are decoded.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from python_multipart.multipart import MultipartParser, parse_options_header

from roost.domain.errors import TwitterError

if TYPE_CHECKING:
    from python_multipart.multipart import MultipartCallbacks

FILE_FIELDS = frozenset({"media", "media[]"})  # binary even without a filename
_BOUNDARY = re.compile(r'boundary\s*=\s*(?:"([^"]+)"|([^\s;,]+))', re.IGNORECASE)


@dataclass
class Part:
    """One part of the body: its form name, file name, headers and bytes."""

    name: str
    filename: str | None
    headers: dict[str, str]
    data: bytes

    @property
    def content_type(self) -> str | None:
        """The part's own Content-Type, if it sent one."""
        return self.headers.get("content-type")


@dataclass
class Form:
    """The fields (text) and files of a multipart body, first of each name kept."""

    fields: list[tuple[str, str]] = field(default_factory=list)
    files: dict[str, Part] = field(default_factory=dict)


def is_multipart(content_type: str | None) -> bool:
    """Whether a Content-Type names a multipart/form-data body."""
    return (content_type or "").strip().lower().startswith("multipart/form-data")


def boundary_of(content_type: str) -> str | None:
    """The boundary of ``multipart/form-data; boundary=x`` or twurl's ``, boundary="x"``."""
    m = _BOUNDARY.search(content_type)
    return (m.group(1) or m.group(2)) if m else None


def _decoded(headers: dict[str, str], data: bytes) -> bytes:
    if headers.get("content-transfer-encoding", "").strip().lower() != "base64":
        return data
    try:
        return base64.b64decode(data, validate=False)
    except (binascii.Error, ValueError):
        return data


class _Collector:
    """python-multipart's callbacks, gathering each part's headers and bytes."""

    def __init__(self) -> None:
        self.parts: list[Part] = []
        self.headers: dict[str, str] = {}
        self.name: list[bytes] = []
        self.value: list[bytes] = []
        self.data: list[bytes] = []

    def callbacks(self) -> MultipartCallbacks:
        """The callback table MultipartParser takes."""
        return {
            "on_part_begin": self.begin,
            "on_header_field": lambda d, a, b: self.name.append(d[a:b]),
            "on_header_value": lambda d, a, b: self.value.append(d[a:b]),
            "on_header_end": self.header_end,
            "on_part_data": lambda d, a, b: self.data.append(d[a:b]),
            "on_part_end": self.end,
        }

    def begin(self) -> None:
        """A new part."""
        self.headers = {}
        self.data = []

    def header_end(self) -> None:
        """One header of the part, complete."""
        key = b"".join(self.name).decode("latin-1").strip().lower()
        self.headers[key] = b"".join(self.value).decode("utf-8", "replace").strip()
        self.name, self.value = [], []

    def end(self) -> None:
        """The part is complete: its name and file name come from Content-Disposition."""
        _, options = parse_options_header(self.headers.get("content-disposition", ""))
        filename = options.get(b"filename")
        self.parts.append(
            Part(
                options.get(b"name", b"").decode("utf-8", "replace"),
                filename.decode("utf-8", "replace") if filename is not None else None,
                self.headers,
                _decoded(self.headers, b"".join(self.data)),
            )
        )


def parse(content_type: str, body: bytes) -> Form:
    """Every part of a multipart body (400/214 "Bad request." when it cannot be read)."""
    boundary = boundary_of(content_type)
    if not boundary:
        raise TwitterError("Bad request.", code=214, status=400)
    collector = _Collector()
    parser = MultipartParser(boundary, collector.callbacks(), max_header_count=32)
    try:
        parser.write(body)
        parser.finalize()
    except Exception as exc:  # python-multipart's own parse errors
        raise TwitterError("Bad request.", code=214, status=400) from exc
    form = Form()
    for part in collector.parts:
        if part.filename is not None or part.name in FILE_FIELDS:
            form.files.setdefault(part.name, part)
        else:
            form.fields.append((part.name, part.data.decode("utf-8", "replace")))
    return form
