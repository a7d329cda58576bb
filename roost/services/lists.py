"""lists/create, show, update, destroy, members/create, members/destroy, members/create_all,
members/destroy_all, members/show, members, statuses, list, ownerships and memberships.

A list is named by ``list_id``, or by its ``slug`` with its owner's ``owner_id`` or
``owner_screen_name`` (the id wins); neither is 112. A list that does not exist and another
user's private list both answer 404/34. Only the owner adds, removes, updates or deletes, on the
list's row locked for the unit of work (``_owned``), so the mode that decides ``listed_count``
cannot change under the write.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from roost.domain import accounts
from roost.domain.errors import PageNotFound, TwitterError
from roost.domain.lists import (
    LISTS_LIST_MAX,
    LISTS_MAX,
    MEMBERS_MAX,
    ListDestroyNotAllowed,
    ListNotSpecified,
    ListRow,
    ListUpdateNotAllowed,
    ListValidationFailed,
    MemberNotAllowed,
    MemberNotFound,
    MemberRemovalNotAllowed,
    NotAMember,
    NotOnList,
    can_manage_list,
    can_view_list,
    check_description,
    check_mode,
    check_name,
    listed_change,
    slug_of,
    unique_slug,
)
from roost.domain.model import Tweet, User
from roost.runtime import Runtime
from roost.services.timelines import TimelineRequest, after_count
from roost.store.sql import IdPage, SqlTx


@dataclass(frozen=True)
class ListRef:
    """How a request names a list: ``list_id``, or ``slug`` and the owner."""

    list_id: int | None = None
    slug: str | None = None
    owner_id: int | None = None
    owner_screen_name: str | None = None


@dataclass(frozen=True)
class MemberRef:
    """How a request names the account to add or remove: ``user_id`` or ``screen_name``."""

    user_id: int | None = None
    screen_name: str | None = None


@dataclass(frozen=True)
class MemberList:
    """How lists/members/create_all and destroy_all name the accounts: ``user_id`` and
    ``screen_name``, each a comma-separated list (at most 100 each, checked by the caller)."""

    user_ids: tuple[int, ...] = ()
    screen_names: tuple[str, ...] = ()


def _resolve(tx: SqlTx, ref: ListRef) -> ListRow | None:
    if ref.list_id is not None:
        return tx.list_by_id(ref.list_id)
    if not ref.slug or (ref.owner_id is None and not ref.owner_screen_name):
        raise ListNotSpecified()
    owner_id = ref.owner_id
    if owner_id is None:
        name = ref.owner_screen_name or ""
        owner = tx.user_by_screen_name(name) if accounts.is_screen_name(name) else None
        if owner is None:
            return None
        owner_id = owner.id
    return tx.list_by_slug(owner_id, ref.slug)


def _visible(tx: SqlTx, viewer_id: int | None, ref: ListRef) -> ListRow:
    found = _resolve(tx, ref)
    if found is None or not can_view_list(viewer_id, found):
        raise PageNotFound()
    return found


def _owned(tx: SqlTx, owner: User, ref: ListRef, refused: type[TwitterError]) -> ListRow:
    """The caller's own list for a write, as it is now, its row locked until the unit commits
    (another's visible list: ``refused``; one not visible: 404/34)."""
    found = _visible(tx, owner.id, ref)
    if not can_manage_list(owner.id, found):
        raise refused()
    locked = tx.lock_list(found.id)
    if locked is None:  # deleted since it was read
        raise PageNotFound()
    return locked


def _in_order(tx: SqlTx, list_ids: list[int]) -> list[ListRow]:
    found = tx.lists_by_ids(list_ids)
    return [found[i] for i in list_ids if i in found]


def _member(tx: SqlTx, ref: MemberRef) -> User:
    user = None
    if ref.user_id is not None:
        user = tx.user_by_id(ref.user_id)
    elif ref.screen_name and accounts.is_screen_name(ref.screen_name):
        user = tx.user_by_screen_name(ref.screen_name)
    if user is None:
        raise MemberNotFound()
    return user


def _members(tx: SqlTx, ref: MemberList) -> list[User]:
    """The accounts named, ids first, then screen names, each once; unknown ones are skipped
    (as users/lookup skips them). Naming none at all is 108, as for members/create."""
    if not ref.user_ids and not ref.screen_names:
        raise MemberNotFound()
    by_id = tx.users_by_ids(ref.user_ids)
    by_name = tx.users_by_screen_names(n for n in ref.screen_names if accounts.is_screen_name(n))
    named = [by_id.get(i) for i in ref.user_ids] + [
        by_name.get(n.lower()) for n in ref.screen_names
    ]
    found: dict[int, User] = {}
    for user in named:
        if user is not None:
            found.setdefault(user.id, user)
    return list(found.values())


def create(
    rt: Runtime, owner: User, name: str, *, mode: str | None = None, description: str | None = None
) -> ListRow:
    """POST lists/create: a new, empty list of the caller's; its slug is made from the name and
    numbered when the owner already has that slug."""
    name = check_name(name)
    row_mode = check_mode(mode)
    row_description = check_description(description)
    with rt.store.write() as tx:
        taken = tx.list_slugs(owner.id)
        if len(taken) >= LISTS_MAX:
            raise ListValidationFailed(f"You can't have more than {LISTS_MAX} lists.")
        row = ListRow(
            id=rt.next_id(),
            owner_id=owner.id,
            name=name,
            slug=unique_slug(slug_of(name), taken),
            description=row_description,
            mode=row_mode,
            member_count=0,
            subscriber_count=0,
            created_at_ms=rt.now_ms(),
        )
        tx.insert_list(row)
    return row


def show(rt: Runtime, viewer_id: int | None, ref: ListRef) -> ListRow:
    """GET lists/show: the list, if the viewer may see it."""
    with rt.store.read() as tx:
        return _visible(tx, viewer_id, ref)


def update(
    rt: Runtime,
    owner: User,
    ref: ListRef,
    *,
    name: str | None = None,
    mode: str | None = None,
    description: str | None = None,
) -> ListRow:
    """POST lists/update: change the name, mode or description of one of the caller's lists,
    checked as lists/create checks them; what is not sent (or sent empty, but for the
    description, which an empty value clears) is kept. The slug stays, so links to the list
    keep working. Turning public or private moves the members' ``listed_count``."""
    new_name = check_name(name) if name else None
    new_mode = check_mode(mode) if mode else None
    new_description = check_description(description) if description is not None else None
    with rt.store.write() as tx:
        found = _owned(tx, owner, ref, ListUpdateNotAllowed)
        changed = replace(
            found,
            name=new_name or found.name,
            mode=new_mode or found.mode,
            description=found.description if new_description is None else new_description,
        )
        if changed == found:
            return found
        tx.update_list(
            found.id, name=changed.name, mode=changed.mode, description=changed.description
        )
        shift = listed_change(found, changed.mode)
        if shift > 0:
            tx.count_listed(tx.list_member_ids(found.id))
        elif shift < 0:
            tx.forget_listed(tx.list_member_ids(found.id))
    return changed


def destroy(rt: Runtime, owner: User, ref: ListRef) -> ListRow:
    """POST lists/destroy: delete one of the caller's lists; answers it as it was."""
    with rt.store.write() as tx:
        found = _owned(tx, owner, ref, ListDestroyNotAllowed)
        if not found.private:  # listed_count counts the public lists an account is on
            tx.forget_listed(tx.list_member_ids(found.id))
        tx.delete_list(found.id)
    return found


def add_member(rt: Runtime, owner: User, ref: ListRef, member: MemberRef) -> ListRow:
    """POST lists/members/create: put an account on the caller's list (already there: 200, no
    change). Protected accounts may be added, as Twitter allowed; at 5,000 members, 104."""
    with rt.store.write() as tx:
        found = _owned(tx, owner, ref, MemberNotAllowed)
        user = _member(tx, member)
        outcome = tx.add_list_member(found.id, user.id, rt.next_id(), rt.now_ms(), MEMBERS_MAX)
        if outcome == "full":
            raise MemberNotAllowed()
        if outcome == "added" and not found.private:
            tx.adjust_user_counts(user.id, listed_count=1)
        return tx.list_by_id(found.id) or found


def remove_member(rt: Runtime, owner: User, ref: ListRef, member: MemberRef) -> ListRow:
    """POST lists/members/destroy: take an account off the caller's list (not on it: 110)."""
    with rt.store.write() as tx:
        found = _owned(tx, owner, ref, MemberRemovalNotAllowed)
        user = _member(tx, member)
        if not tx.remove_list_member(found.id, user.id):
            raise NotAMember()
        if not found.private:
            tx.adjust_user_counts(user.id, listed_count=-1)
        return tx.list_by_id(found.id) or found


def add_members(rt: Runtime, owner: User, ref: ListRef, named: MemberList) -> ListRow:
    """POST lists/members/create_all: put every named account that exists on the caller's list,
    in one unit of work, under members/create's rules (protected accounts too; those already on
    it change nothing). Taking the list past 5,000 members adds none of them: 104."""
    with rt.store.write() as tx:
        found = _owned(tx, owner, ref, MemberNotAllowed)
        users = _members(tx, named)
        user_ids = [u.id for u in users]
        row_ids = [rt.next_id() for _ in users]
        added = tx.add_list_members(found.id, user_ids, row_ids, rt.now_ms(), MEMBERS_MAX)
        if added is None:
            raise MemberNotAllowed()
        if added and not found.private:
            tx.count_listed(added)
        return tx.list_by_id(found.id) or found


def remove_members(rt: Runtime, owner: User, ref: ListRef, named: MemberList) -> ListRow:
    """POST lists/members/destroy_all: take every named account off the caller's list, in one
    unit of work; accounts that do not exist or are not on it are skipped (no 110)."""
    with rt.store.write() as tx:
        found = _owned(tx, owner, ref, MemberRemovalNotAllowed)
        users = _members(tx, named)
        removed = tx.remove_list_members(found.id, [u.id for u in users])
        if removed and not found.private:
            tx.forget_listed(removed)
        return tx.list_by_id(found.id) or found


def member(rt: Runtime, viewer_id: int | None, ref: ListRef, named: MemberRef) -> User:
    """GET lists/members/show: the account, if it is on a list the viewer may see (an unknown
    account 108; one not on it 109, and a suspended member too, as lists/members leaves them
    out)."""
    with rt.store.read() as tx:
        found = _visible(tx, viewer_id, ref)
        user = _member(tx, named)
        if user.suspended or not tx.is_list_member(found.id, user.id):
            raise NotOnList()
    return user


def members(
    rt: Runtime, viewer_id: int | None, ref: ListRef, cursor: int, count: int
) -> tuple[ListRow, IdPage, dict[int, User]]:
    """GET lists/members: a cursored page of the members, most recently added first, and
    their accounts (suspended ones left out after the count, as followers/list does)."""
    with rt.store.read() as tx:
        found = _visible(tx, viewer_id, ref)
        page = tx.list_member_page(found.id, cursor, count)
        users = tx.users_by_ids(page.ids)
    return found, page, {i: u for i, u in users.items() if not u.suspended}


def statuses(rt: Runtime, viewer_id: int | None, ref: ListRef, req: TimelineRequest) -> list[Tweet]:
    """GET lists/statuses: the members' statuses and retweets, newest first. Protected members'
    are left out in the query unless the viewer may see them; deleted statuses and suspended
    authors' after the count, and retweets too with include_rts=false (services.timelines)."""
    part = req.slice()
    with rt.store.read() as tx:
        found = _visible(tx, viewer_id, ref)
        ids = tx.list_timeline_ids(found.id, viewer_id, part.low, part.high, part.count)
    return after_count(rt, viewer_id, ids, req)


def lists_of(rt: Runtime, viewer_id: int | None, user: User, *, owned_first: bool) -> list[ListRow]:
    """GET lists/list: "all lists the authenticating or specified user subscribes to, including
    their own", at most 100, subscriptions first unless ``reverse`` (``owned_first``). Roost has
    no subscriptions, so both orders are the user's own lists, newest first (private ones only
    for the user), the newest 100 when there are more."""
    subscribed: list[ListRow] = []  # Roost has no list subscriptions
    with rt.store.read() as tx:
        page = tx.owned_list_page(user.id, -1, LISTS_LIST_MAX, with_private=viewer_id == user.id)
        owned = _in_order(tx, page.ids)
    both = owned + subscribed if owned_first else subscribed + owned
    return both[:LISTS_LIST_MAX]


def ownerships(
    rt: Runtime, viewer_id: int | None, user: User, cursor: int, count: int
) -> tuple[IdPage, list[ListRow]]:
    """GET lists/ownerships: a cursored page of the lists the user owns, newest first; private
    ones only when the viewer is the owner."""
    with rt.store.read() as tx:
        page = tx.owned_list_page(user.id, cursor, count, with_private=viewer_id == user.id)
        return page, _in_order(tx, page.ids)


def memberships(
    rt: Runtime,
    viewer_id: int | None,
    member: User,
    cursor: int,
    count: int,
    *,
    owned_only: bool = False,
) -> tuple[IdPage, list[ListRow]]:
    """GET lists/memberships: a cursored page of the lists the account is on, most recently
    added first: public ones and the viewer's own private ones, or with
    ``filter_to_owned_lists`` (``owned_only``) just the viewer's own (none app-only)."""
    with rt.store.read() as tx:
        page = tx.membership_page(member.id, viewer_id, cursor, count, owned_only=owned_only)
        return page, _in_order(tx, page.ids)
