"""What a retweet is: a status of its own whose text is ``RT @author: `` and the original's.

Twitter stored a retweet as a new status (new id, the retweeter's) pointing at the original; its
text and entities are the original's shifted right by the prefix, with the original author as
the first user mention (FIDELITY section 3, cas:testretweetandunretweet.json). Rendering puts
the original under ``retweeted_status`` and shows the original's counts on the wrapper.
"""

from __future__ import annotations

from typing import Any

from roost.domain.model import Tweet, User


def prefix(author: User) -> str:
    """``RT @screen_name: ``."""
    return f"RT @{author.screen_name}: "


def _shifted(items: list[dict[str, Any]], by: int) -> list[dict[str, Any]]:
    return [{**e, "indices": [e["indices"][0] + by, e["indices"][1] + by]} for e in items]


def retweet_of(
    original: Tweet,
    author: User,
    retweeter_id: int,
    retweet_id: int,
    source_name: str,
    source_url: str,
) -> Tweet:
    """The retweet ``retweet_id`` of ``original`` (by ``author``) made by ``retweeter_id``."""
    head = prefix(author)
    by = len(head)
    entities = {kind: _shifted(items, by) for kind, items in original.entities.items()}
    mention = {
        "screen_name": author.screen_name,
        "name": author.name,
        "id": author.id,
        "id_str": str(author.id),
        "indices": [3, 4 + len(author.screen_name)],
    }
    entities["user_mentions"] = [mention, *entities.get("user_mentions", [])]
    return Tweet(
        id=retweet_id,
        user_id=retweeter_id,
        text=head + original.text,
        display_start=0,
        display_end=by + original.display_end,
        entities=entities,
        source_name=source_name,
        source_url=source_url,
        retweeted_status_id=original.id,
        lang=original.lang,
        possibly_sensitive=original.possibly_sensitive,
        media_ids=original.media_ids,
    )
