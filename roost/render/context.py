"""Per-viewer facts a page of objects needs, loaded once per page (renderers never query)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from roost.domain.model import User
from roost.store.sql import SqlTx


@dataclass(frozen=True)
class Viewer:
    """Who is looking, and how they relate to the accounts on the page.

    ``viewer_id`` is None for app-only requests: Twitter then sends ``following: null``.
    """

    viewer_id: int | None = None
    following: frozenset[int] = field(default_factory=frozenset)
    requested: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_user(self) -> bool:
        """A user-context request."""
        return self.viewer_id is not None

    def relation(self, user: User) -> tuple[Any, Any, Any]:
        """A User object's ``following``, ``follow_request_sent`` and ``notifications``."""
        if self.viewer_id is None:
            return None, None, None
        return user.id in self.following, user.id in self.requested, False


def load_viewer(tx: SqlTx, viewer_id: int | None, users: Iterable[User]) -> Viewer:
    """Follow and pending-request flags of ``viewer_id`` towards ``users``, one query.

    An account with no followers is followed by no one, and only a protected account can have
    a pending request: for a page of those the answer is known without asking the database.
    """
    if viewer_id is None:
        return Viewer()
    ids = list(
        {u.id for u in users if u.id != viewer_id and (u.followers_count > 0 or u.protected)}
    )
    if not ids:
        return Viewer(viewer_id)
    following, requested = tx.relations_among(viewer_id, ids)
    return Viewer(viewer_id, frozenset(following), frozenset(requested))
