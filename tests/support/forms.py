"""Reading and submitting Roost's HTML forms in tests, as a browser without JavaScript would."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin

import requests


@dataclass
class Form:
    """One ``<form>``: where it posts, its fields' values and its submit buttons."""

    action: str
    method: str
    attrs: dict[str, str]
    fields: dict[str, str] = field(default_factory=dict)
    buttons: list[dict[str, str]] = field(default_factory=list)


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.by_id: dict[str, dict[str, str]] = {}
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if "id" in found:
            self.by_id[found["id"]] = {"tag": tag, **found}
        if tag == "form":
            self.forms.append(
                Form(found.get("action", ""), found.get("method", "get").lower(), found)
            )
            return
        if not self.forms:
            return
        form = self.forms[-1]
        kind = found.get("type", "text" if tag == "input" else "submit").lower()
        if tag == "button" or (tag == "input" and kind == "submit"):
            form.buttons.append(found)
        elif tag == "input" and "name" in found:
            if kind in ("checkbox", "radio") and "checked" not in found:
                return
            form.fields[found["name"]] = found.get("value", "on" if kind == "checkbox" else "")
        elif tag == "textarea" and "name" in found:
            self._textarea = found["name"]
            form.fields[self._textarea] = ""
        elif tag == "select" and "name" in found:
            form.fields[found["name"]] = ""
            self._textarea = "select:" + found["name"]
        elif tag == "option" and self._textarea and self._textarea.startswith("select:"):
            name = self._textarea.removeprefix("select:")
            if "selected" in found or not form.fields[name]:
                form.fields[name] = found.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("textarea", "select"):
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea and not self._textarea.startswith("select:") and self.forms:
            self.forms[-1].fields[self._textarea] += data


def forms_of(html: str) -> list[Form]:
    """Every form of a page, in document order."""
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def element_ids(html: str) -> dict[str, dict[str, str]]:
    """Each element with an ``id``: its tag and attributes."""
    parser = _Forms()
    parser.feed(html)
    return parser.by_id


def submit(
    session: requests.Session,
    page: requests.Response,
    form: Form,
    button: str | None = None,
    **values: str,
) -> requests.Response:
    """Post ``form`` as a browser would: its fields, ``values`` typed in, and the submit button
    whose ``name`` or ``id`` is ``button`` (its name=value pair, as a browser sends it)."""
    data = dict(form.fields)
    data.update(values)
    if button is not None:
        for b in form.buttons:
            if button in (b.get("name"), b.get("id")):
                if b.get("name"):
                    data[b["name"]] = b.get("value", "")
                break
        else:
            raise AssertionError(f"no button {button!r} in {form.buttons}")
    url = urljoin(page.url, form.action or page.url)
    return session.request(form.method.upper(), url, data=data, allow_redirects=False, timeout=10)


def form_with_id(html: str, form_id: str) -> Form:
    """The form with this ``id`` (pages also carry the header's search form)."""
    for form in forms_of(html):
        if form.attrs.get("id") == form_id:
            return form
    raise AssertionError(f"no form #{form_id} on the page")
