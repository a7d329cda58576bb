"""Who may see and do what. Visibility lives here and nowhere else (DESIGN: one definition)."""

from __future__ import annotations

from roost.domain.model import User


def can_view_timeline(viewer_id: int | None, owner: User, viewer_follows_owner: bool) -> bool:
    """A protected account's tweets reach only the account itself and its approved followers."""
    if not owner.protected:
        return True
    return viewer_id is not None and (viewer_id == owner.id or viewer_follows_owner)


def follow_needs_approval(target: User) -> bool:
    """Following a protected account makes a request the account must approve."""
    return target.protected


def can_view_status(viewer_id: int | None, author: User, viewer_follows_author: bool) -> bool:
    """A status is visible exactly when its author's timeline is (protected accounts' tweets
    reach only the author and approved followers, on every path)."""
    return can_view_timeline(viewer_id, author, viewer_follows_author)


def can_delete_status(actor_id: int, author_id: int) -> bool:
    """Only the author deletes a status."""
    return actor_id == author_id
