"""Per-viewer facts a page of objects needs, loaded once per page (renderers never query)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

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


def load_viewer(tx: SqlTx, viewer_id: int | None, user_ids: Iterable[int]) -> Viewer:
    """Follow and pending-request flags of ``viewer_id`` towards ``user_ids``, two queries."""
    if viewer_id is None:
        return Viewer()
    ids = [i for i in set(user_ids) if i != viewer_id]
    if not ids:
        return Viewer(viewer_id)
    following, requested = tx.relations_among(viewer_id, ids)
    return Viewer(viewer_id, frozenset(following), frozenset(requested))
