"""The developer portal's use cases: Projects, the Apps inside them, an App's settings and its
keys and tokens, for the signed-in developer who owns them.

Only an owner sees or changes a Project or an App: anyone else gets PageNotFound, exactly as
for one that does not exist. Regeneration returns the new credentials so the page that asked
shows them once (they are never written anywhere but the store), and a ``Change`` naming
what the process must stop accepting at once (``Change.stale``, ``Change.revoked``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from typing import Any

from roost.domain.errors import PageNotFound
from roost.domain.model import AccessToken, App, Project, User
from roost.domain.portal import (
    PROJECT_DESCRIPTION_MAX,
    PROJECT_NAME_MAX,
    USE_CASES,
    InvalidSetting,
    check_app_name,
    check_callback_urls,
    check_client_type,
    check_permission,
    check_website,
)
from roost.runtime import Runtime
from roost.services import apps


@dataclass(frozen=True)
class NewKeys:
    """Credentials made just now: shown once, on the page that made them."""

    consumer_key: str | None = None
    consumer_secret: str | None = None
    bearer_token: str | None = None
    access_token: str | None = None
    access_token_secret: str | None = None
    client_id: str | None = None
    client_secret: str | None = None


@dataclass(frozen=True)
class Change:
    """What a portal action did: the App as it is now, the credentials it made, and what this
    process must stop accepting at once (the App as it was; revoked token values)."""

    app: App
    keys: NewKeys = field(default_factory=NewKeys)
    stale: App | None = None
    revoked: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProjectApps:
    """A Project with its Apps, oldest first."""

    project: Project
    apps: list[App]


@dataclass(frozen=True)
class Dashboard:
    """The developer's Projects and the Apps made outside any Project (``roost apps create``)."""

    projects: list[ProjectApps]
    standalone: list[App]


@dataclass(frozen=True)
class KeysView:
    """The Keys and tokens page: which credentials exist (never their secrets)."""

    app: App
    has_bearer: bool
    owner_token: AccessToken | None
    # A digest of the credentials as the page shows them: its forms post it back, so a form
    # sent again (a reload of the page a regeneration answered) changes nothing.
    state: str = ""


# -------------------------------------------------------------------------------- lookups
def _owned_project(tx: Any, owner: User, project_id: int) -> Project:
    project = tx.project(project_id)
    if project is None or project.owner_id != owner.id:
        raise PageNotFound()
    return project


def dashboard(rt: Runtime, owner: User) -> Dashboard:
    """The developer's Projects with their Apps, and their standalone Apps."""
    with rt.store.read() as tx:
        projects = tx.projects_of(owner.id)
        owned = tx.apps_of_owner(owner.id)
    by_project: dict[int, list[App]] = {p.id: [] for p in projects}
    standalone: list[App] = []
    for app in owned:
        if app.project_id in by_project:
            by_project[app.project_id].append(app)
        else:
            standalone.append(app)
    return Dashboard([ProjectApps(p, by_project[p.id]) for p in projects], standalone)


def project_view(rt: Runtime, owner: User, project_id: int) -> ProjectApps:
    """One of the developer's Projects with its Apps (PageNotFound for anyone else's)."""
    with rt.store.read() as tx:
        project = _owned_project(tx, owner, project_id)
        found = tx.apps_of_project(project.id)
    return ProjectApps(project, [a for a in found if a.owner_id == owner.id])


def owned_app(rt: Runtime, owner: User, app_id: int, project_id: int | None = None) -> App:
    """One of the developer's Apps, in ``project_id`` when given (else PageNotFound)."""
    with rt.store.read() as tx:
        app = tx.app_by_id(app_id)
    if app is None or app.owner_id != owner.id:
        raise PageNotFound()
    if project_id is not None and app.project_id != project_id:
        raise PageNotFound()
    return app


def project_of(rt: Runtime, app: App) -> Project | None:
    """The Project an App is in (None: a standalone App)."""
    if app.project_id is None:
        return None
    with rt.store.read() as tx:
        project: Project | None = tx.project(app.project_id)
    return project


def keys_view(rt: Runtime, app: App) -> KeysView:
    """Which of an App's credentials exist, for its Keys and tokens page."""
    assert app.owner_id is not None
    with rt.store.read() as tx:
        current = tx.app_by_id(app.id) or app
        bearer = tx.bearer_token_for_app(app.id)
        token = tx.access_token_for(app.id, app.owner_id)
    held = (
        current.consumer_key,
        current.client_secret or "",
        bearer.token if bearer else "",
        token.token if token else "",
    )
    state = hashlib.sha256("\0".join(held).encode()).hexdigest()[:24]
    return KeysView(current, bearer is not None, token, state)


# ------------------------------------------------------------------------------ projects
def create_project(
    rt: Runtime, owner: User, name: str, use_case: str, description: str = ""
) -> Project:
    """Create a Project: a name, its use case and a description."""
    name = name.strip()
    if not name:
        raise InvalidSetting("name", "Your Project needs a name.")
    if len(name) > PROJECT_NAME_MAX:
        raise InvalidSetting("name", f"Project names can be at most {PROJECT_NAME_MAX} characters.")
    if use_case not in USE_CASES:
        raise InvalidSetting("use_case", "Choose the use case that fits your Project best.")
    description = description.strip()
    if len(description) > PROJECT_DESCRIPTION_MAX:
        raise InvalidSetting(
            "description", f"Descriptions can be at most {PROJECT_DESCRIPTION_MAX} characters."
        )
    project = Project(rt.next_id(), owner.id, name, description, use_case, rt.now_ms())
    with rt.store.write() as tx:
        tx.insert_project(project)
    return project


def create_app_in_project(rt: Runtime, owner: User, project_id: int, name: str) -> Change:
    """Add a new App to a Project: its API Key and Secret, Bearer Token and OAuth 2.0 Client
    ID and Secret, made now (Read and write, OAuth 2.0 on, a confidential client)."""
    name = check_app_name(name)
    with rt.store.read() as tx:
        _owned_project(tx, owner, project_id)
    try:
        app, bearer = apps.create_app(
            rt, name, owner_id=owner.id, project_id=project_id, unique_name=True
        )
    except apps.AppNameTaken:
        raise InvalidSetting("name", "This App name is already taken.") from None
    keys = NewKeys(
        consumer_key=app.consumer_key,
        consumer_secret=app.consumer_secret,
        bearer_token=bearer.token,
        client_id=app.client_id,
        client_secret=app.client_secret,
    )
    return Change(app, keys)


def add_app_to_project(rt: Runtime, owner: User, project_id: int, app_id: int) -> Change:
    """Move one of the developer's standalone Apps into a Project (its keys stay)."""
    app = owned_app(rt, owner, app_id)
    with rt.store.write() as tx:
        _owned_project(tx, owner, project_id)
        if app.project_id is not None:
            raise InvalidSetting("app_id", "That App is already in a Project.")
        tx.update_app(app.id, project_id=project_id)
    return Change(replace(app, project_id=project_id), stale=app)


# --------------------------------------------------------------------------- App settings
def update_app_details(rt: Runtime, app: App, name: str, website: str) -> Change:
    """App details: the name and website that tweets show as their ``source``."""
    name = check_app_name(name)
    url = check_website(website)
    with rt.store.write() as tx:
        other = tx.app_by_name(name)
        if other is not None and other.id != app.id:
            raise InvalidSetting("name", "This App name is already taken.")
        tx.update_app(app.id, name=name, website=url)
    return Change(replace(app, name=name, website=url), stale=app)


def update_auth_settings(
    rt: Runtime,
    app: App,
    *,
    permission: str,
    oauth2_enabled: bool,
    client_type: str,
    callback_urls: str,
) -> Change:
    """User authentication settings. A new permission applies to tokens issued afterwards (the
    owner regenerates theirs; users authorize again). A public client has no secret; turning
    confidential mints one, shown once. With OAuth 2.0 off, the API and the token endpoint
    refuse the App's OAuth 2.0 tokens (they work again when it is turned back on)."""
    values: dict[str, Any] = {
        "permission": check_permission(permission),
        "client_type": check_client_type(client_type),
        "callback_urls": check_callback_urls(callback_urls),
        "oauth2_enabled": oauth2_enabled,
    }
    keys = NewKeys()
    if values["client_type"] == "public":
        values["client_secret"] = None
    elif app.client_secret is None:
        values["client_secret"] = apps.new_client_secret()
        keys = NewKeys(client_id=app.client_id, client_secret=values["client_secret"])
    with rt.store.write() as tx:
        tx.update_app(app.id, **values)
    return Change(replace(app, **values), keys, stale=app)


# ------------------------------------------------------------------------- keys and tokens
def regenerate_consumer_keys(rt: Runtime, app: App) -> Change:
    """A new API Key and Secret; the old pair is refused at once."""
    new = apps.regenerate_consumer_keys(rt, app)
    keys = NewKeys(consumer_key=new.consumer_key, consumer_secret=new.consumer_secret)
    return Change(new, keys, stale=app)


def regenerate_bearer(rt: Runtime, app: App) -> Change:
    """A new Bearer Token; the old one answers 89 at once."""
    token, revoked = apps.regenerate_bearer_token(rt, app)
    return Change(app, NewKeys(bearer_token=token.token), revoked=tuple(revoked))


def revoke_bearer(rt: Runtime, app: App) -> Change:
    """Revoke the Bearer Token (Generate makes a new one)."""
    return Change(app, revoked=tuple(apps.revoke_bearer_tokens(rt, app)))


def regenerate_owner_token(rt: Runtime, app: App) -> Change:
    """The owner's Access Token and Secret, new, with the App's current permission; the old
    one answers 89 at once and its streams end."""
    assert app.owner_id is not None
    token, revoked = apps.regenerate_access_token(rt, app, app.owner_id)
    keys = NewKeys(access_token=token.token, access_token_secret=token.secret)
    return Change(app, keys, revoked=tuple(revoked))


def revoke_owner_token(rt: Runtime, app: App) -> Change:
    """Revoke the owner's Access Token and Secret."""
    assert app.owner_id is not None
    return Change(app, revoked=tuple(apps.revoke_access_tokens(rt, app, app.owner_id)))


def regenerate_client_secret(rt: Runtime, app: App) -> Change:
    """A new OAuth 2.0 Client Secret (confidential clients only); the old one is refused."""
    if app.client_type != "confidential":
        raise InvalidSetting("client_type", "A public client has no Client Secret.")
    new = apps.regenerate_client_secret(rt, app)
    keys = NewKeys(client_id=new.client_id, client_secret=new.client_secret)
    return Change(new, keys, stale=app)


# ------------------------------------------------------------------------------- deleting
def delete_app(rt: Runtime, app: App) -> Change:
    """Delete an App: its keys, Bearer Token and every user's tokens stop working at once."""
    with rt.store.write() as tx:
        revoked = tx.delete_app(app.id)
    return Change(app, stale=app, revoked=tuple(revoked))


def delete_project(rt: Runtime, owner: User, project_id: int) -> None:
    """Delete an empty Project (Twitter's portal asked for its Apps to be deleted or moved
    first: so does Roost, rather than deleting Apps as a side effect)."""
    with rt.store.write() as tx:
        project = _owned_project(tx, owner, project_id)
        if tx.apps_of_project(project.id):
            raise InvalidSetting(
                "project", "Delete this Project's Apps or move them to another Project first."
            )
        tx.delete_project(project.id)
