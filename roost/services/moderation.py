"""What an operator does to content (the ``roost`` admin commands): withhold a status or an
account in some countries, remove a user's geotags. Each writes the streams' outbox in the same
unit of work, and every server process delivers the notice (``status_withheld``,
``user_withheld``, ``scrub_geo``) to its streams within its outbox poll interval.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from roost.domain.errors import NoStatusFound, TwitterError, UserNotFound
from roost.domain.model import User
from roost.runtime import Runtime
from roost.search.document import document_for

# ISO 3166-1 alpha-2, plus Twitter's own "XX" (everywhere) and "XY" (a DMCA withholding)
_COUNTRY = re.compile(r"[A-Z]{2}")


def countries_of(raw: Sequence[str]) -> list[str]:
    """Uppercase two-letter codes, de-duplicated in order; TwitterError for anything else."""
    out: list[str] = []
    for code in raw:
        code = code.strip().upper()
        if not _COUNTRY.fullmatch(code):
            raise TwitterError(f"not a two-letter country code: {code!r}")
        if code not in out:
            out.append(code)
    return out


def withhold_status(rt: Runtime, status_id: int, countries: Sequence[str]) -> list[str]:
    """Withhold a status in ``countries`` (none: lift it); the codes set."""
    codes = countries_of(countries)
    with rt.store.write() as tx:
        status = tx.status_by_id(status_id)
        if status is None:
            raise NoStatusFound()
        tx.set_withheld("status", status.id, codes)
        payload = {"status_id": status.id, "user_id": status.user_id, "countries": codes}
        tx.append_stream_event("status_withheld", payload, rt.now_ms())
    return codes


def withhold_user(rt: Runtime, user: User, countries: Sequence[str]) -> list[str]:
    """Withhold an account in ``countries`` (none: lift it); the codes set."""
    codes = countries_of(countries)
    with rt.store.write() as tx:
        tx.set_withheld("user", user.id, codes)
        tx.append_stream_event(
            "user_withheld", {"user_id": user.id, "countries": codes}, rt.now_ms()
        )
    return codes


def scrub_geo(rt: Runtime, user: User) -> int | None:
    """Delete the location of every status of the user (coordinates and place, in the store
    and in the search index) and tell the streams up to which status; that id (None when the
    user has no status)."""
    with rt.store.write() as tx:
        newest, located = tx.scrub_geo(user.id)
        if located:
            statuses = tx.statuses_by_ids(located)
            media_ids = [m for s in statuses.values() for m in s.media_ids or ()]
            media = tx.media_by_ids(media_ids) if media_ids else {}
            tx.unindex_statuses(located)
            tx.index_statuses(
                (
                    s.id,
                    document_for(
                        s,
                        [media[m].kind for m in s.media_ids or () if m in media],
                        author_location=user.location,
                    ),
                )
                for s in statuses.values()
            )
        if newest is not None:
            tx.append_stream_event(
                "scrub_geo", {"user_id": user.id, "up_to_status_id": newest}, rt.now_ms()
            )
    return newest


def user_named(rt: Runtime, screen_name: str) -> User:
    """The account with this screen name (50 when there is none)."""
    with rt.store.read() as tx:
        user = tx.user_by_screen_name(screen_name.lstrip("@"))
    if user is None:
        raise UserNotFound()
    return user
