"""Reading Roost's pages in tests: the Tweets a page shows, in order, and its links and text."""

from __future__ import annotations

from html.parser import HTMLParser


class PageReader(HTMLParser):
    """Collects the ids of ``article.roost-tweet`` cards (in document order), every link's
    href with its text, and the visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tweet_ids: list[int] = []
        self.links: list[tuple[str, str]] = []
        self.text_parts: list[str] = []
        self._href: str | None = None
        self._label: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag in ("script", "style", "title"):
            self._skip += 1
        if tag == "article" and "roost-tweet" in (found.get("class") or "").split():
            self.tweet_ids.append(int(found["data-tweet-id"] or 0))
        if tag == "a":
            self._href, self._label = found.get("href") or "", []
        if tag == "br":
            self.text_parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "title"):
            self._skip -= 1
        if tag == "a" and self._href is not None:
            self.links.append((self._href, "".join(self._label).strip()))
            self._href = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.text_parts.append(data)
        if self._href is not None:
            self._label.append(data)

    @property
    def text(self) -> str:
        """The page's text, whitespace collapsed."""
        return " ".join("".join(self.text_parts).split())


def read_page(html: str) -> PageReader:
    """Parse ``html``."""
    reader = PageReader()
    reader.feed(html)
    reader.close()
    return reader
