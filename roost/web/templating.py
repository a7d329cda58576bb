"""The pages' Jinja2 environment (autoescaped) and its filters, shared by every page module."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.responses import HTMLResponse, Response

templates = Environment(
    loader=PackageLoader("roost.web", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def web_url(value: str | None) -> str | None:
    """``value`` when it is an http(s) URL, else None: a profile's free-form ``url`` (or image)
    never becomes a ``javascript:`` link on a page."""
    if not value:
        return None
    scheme = value.split(":", 1)[0].strip().lower() if ":" in value else ""
    return value if scheme in ("http", "https") else None


templates.filters["web_url"] = web_url


def render(
    name: str, status: int = 200, headers: dict[str, str] | None = None, **values: Any
) -> Response:
    """A template as an HTML response."""
    body = templates.get_template(name).render(**values)
    return HTMLResponse(body, status_code=status, headers=headers)
