"""The portal's Projects, web sessions and the OAuth flows' grants on the store (migration 0013):
request tokens, OAuth 2.0 authorization codes and user tokens, and the server's signing keys."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from roost.domain.model import (
    App,
    AuthorizationCode,
    OAuth2Token,
    Permission,
    Project,
    RequestToken,
    WebSession,
)
from roost.store import schema as t
from roost.store.mixin import TxQueries


def app_of_row(row: Any) -> App:
    """An ``apps`` row as an App."""
    m = row._mapping
    return App(
        id=m["id"],
        name=m["name"],
        consumer_key=m["consumer_key"],
        consumer_secret=m["consumer_secret"],
        client_id=m["client_id"],
        client_secret=m["client_secret"],
        permission=Permission(m["permission"]),
        website=m["website"],
        owner_id=m["owner_id"],
        client_type=m["client_type"],
        callback_urls=tuple(m["callback_urls"] or ()),
        created_at_ms=m["created_at_ms"],
        project_id=m["project_id"],
        oauth2_enabled=bool(m["oauth2_enabled"]),
    )


def _scopes(value: str) -> tuple[str, ...]:
    return tuple(value.split()) if value else ()


def _oauth2_token(row: Any) -> OAuth2Token:
    m = row._mapping
    return OAuth2Token(
        access_token=m["access_token"],
        app_id=m["app_id"],
        user_id=m["user_id"],
        scopes=_scopes(m["scopes"]),
        created_at_ms=m["created_at_ms"],
        expires_at_ms=m["expires_at_ms"],
        refresh_token=m["refresh_token"],
    )


class GrantQueries(TxQueries):
    """Projects, sessions, request tokens, authorization codes and OAuth 2.0 tokens."""

    # ------------------------------------------------------------------------ apps (the portal)
    def update_app(self, app_id: int, **values: Any) -> None:
        """Change an App's settings or keys (columns of ``apps``)."""
        if "callback_urls" in values:
            values["callback_urls"] = list(values["callback_urls"])
        if "permission" in values:
            values["permission"] = str(values["permission"])
        self.conn.execute(t.apps.update().where(t.apps.c.id == app_id).values(**values))

    def app_by_client_id(self, client_id: str) -> App | None:
        """An App by its OAuth 2.0 client id."""
        row = self.conn.execute(sa.select(t.apps).where(t.apps.c.client_id == client_id)).first()
        return app_of_row(row) if row else None

    def apps_of_owner(self, owner_id: int) -> list[App]:
        """The Apps a developer owns, oldest first."""
        c = t.apps.c
        rows = self.conn.execute(sa.select(t.apps).where(c.owner_id == owner_id).order_by(c.id))
        return [app_of_row(row) for row in rows]

    def delete_access_tokens_of(self, app_id: int, user_id: int | None = None) -> list[str]:
        """Revoke the OAuth 1.0a user tokens of an App (of one user, when given); their values."""
        c = t.access_tokens.c
        clause = (
            c.app_id == app_id
            if user_id is None
            else sa.and_(c.app_id == app_id, c.user_id == user_id)
        )
        tokens = [row[0] for row in self.conn.execute(sa.select(c.token).where(clause))]
        if tokens:
            self.conn.execute(t.access_tokens.delete().where(clause))
        return tokens

    def delete_bearer_tokens_of(self, app_id: int) -> list[str]:
        """Revoke an App's app-only bearer tokens; their values."""
        c = t.bearer_tokens.c
        tokens = [row[0] for row in self.conn.execute(sa.select(c.token).where(c.app_id == app_id))]
        if tokens:
            self.conn.execute(t.bearer_tokens.delete().where(c.app_id == app_id))
        return tokens

    # -------------------------------------------------------------------------------- projects
    def insert_project(self, project: Project) -> None:
        """Create a Project."""
        self.conn.execute(
            t.projects.insert().values(
                id=project.id,
                owner_id=project.owner_id,
                name=project.name,
                description=project.description,
                use_case=project.use_case,
                created_at_ms=project.created_at_ms,
            )
        )

    def project(self, project_id: int) -> Project | None:
        """A Project by id."""
        row = self.conn.execute(sa.select(t.projects).where(t.projects.c.id == project_id)).first()
        return Project(**row._mapping) if row else None

    def projects_of(self, owner_id: int) -> list[Project]:
        """A developer's Projects, oldest first."""
        c = t.projects.c
        rows = self.conn.execute(sa.select(t.projects).where(c.owner_id == owner_id).order_by(c.id))
        return [Project(**row._mapping) for row in rows]

    def apps_of_project(self, project_id: int) -> list[App]:
        """The Apps in a Project, oldest first."""
        c = t.apps.c
        rows = self.conn.execute(sa.select(t.apps).where(c.project_id == project_id).order_by(c.id))
        return [app_of_row(row) for row in rows]

    def delete_app(self, app_id: int) -> list[str]:
        """Delete an App with every credential it issued (the rows cascade); the token values
        it had, for the caller to stop accepting. Its statuses keep their source label."""
        tokens = self.delete_access_tokens_of(app_id)
        tokens += self.delete_bearer_tokens_of(app_id)
        tokens += self.delete_oauth2_tokens_of(app_id)
        self.conn.execute(t.apps.delete().where(t.apps.c.id == app_id))
        return tokens

    def delete_project(self, project_id: int) -> bool:
        """Delete a Project (its Apps, if any, become standalone: ``project_id`` SET NULL)."""
        c = t.projects.c
        return bool(self.conn.execute(t.projects.delete().where(c.id == project_id)).rowcount)

    # ---------------------------------------------------------------------------- web sessions
    def insert_web_session(self, session: WebSession) -> None:
        """Sign a browser in."""
        self.conn.execute(
            t.web_sessions.insert().values(
                id=session.id,
                user_id=session.user_id,
                csrf=session.csrf,
                created_at_ms=session.created_at_ms,
                expires_at_ms=session.expires_at_ms,
            )
        )

    def web_session(self, session_id: str) -> WebSession | None:
        """A session by its cookie value (expired ones included: the caller checks)."""
        c = t.web_sessions.c
        row = self.conn.execute(sa.select(t.web_sessions).where(c.id == session_id)).first()
        return WebSession(**row._mapping) if row else None

    def delete_web_session(self, session_id: str) -> bool:
        """Sign a browser out."""
        c = t.web_sessions.c
        return bool(self.conn.execute(t.web_sessions.delete().where(c.id == session_id)).rowcount)

    # ------------------------------------------------------------------ OAuth 1.0a request tokens
    def insert_request_token(self, token: RequestToken) -> None:
        """Store temporary credentials (POST oauth/request_token)."""
        self.conn.execute(
            t.request_tokens.insert().values(
                token=token.token,
                secret=token.secret,
                app_id=token.app_id,
                callback=token.callback,
                access_type=token.access_type,
                user_id=token.user_id,
                verifier=token.verifier,
                created_at_ms=token.created_at_ms,
            )
        )

    def request_token(self, token: str) -> RequestToken | None:
        """Temporary credentials by their public half."""
        c = t.request_tokens.c
        row = self.conn.execute(sa.select(t.request_tokens).where(c.token == token)).first()
        return RequestToken(**row._mapping) if row else None

    def authorize_request_token(self, token: str, user_id: int, verifier: str) -> bool:
        """Record the user's approval; False when the token is gone or was already approved."""
        c = t.request_tokens.c
        result = self.conn.execute(
            t.request_tokens.update()
            .where(sa.and_(c.token == token, c.verifier.is_(None)))
            .values(user_id=user_id, verifier=verifier)
        )
        return bool(result.rowcount)

    def delete_request_token(self, token: str) -> bool:
        """Spend or cancel temporary credentials; False when another request already did."""
        c = t.request_tokens.c
        return bool(self.conn.execute(t.request_tokens.delete().where(c.token == token)).rowcount)

    def delete_request_tokens_before(self, created_before_ms: int) -> int:
        """Forget temporary credentials older than a moment (they expire)."""
        c = t.request_tokens.c
        result = self.conn.execute(
            t.request_tokens.delete().where(c.created_at_ms < created_before_ms)
        )
        return int(result.rowcount or 0)

    # ----------------------------------------------------------- OAuth 2.0 authorization codes
    def insert_authorization_code(self, code: AuthorizationCode) -> None:
        """Store a code the consent page issued."""
        self.conn.execute(
            t.oauth2_codes.insert().values(
                code=code.code,
                app_id=code.app_id,
                user_id=code.user_id,
                redirect_uri=code.redirect_uri,
                scopes=" ".join(code.scopes),
                code_challenge=code.code_challenge,
                code_challenge_method=code.code_challenge_method,
                created_at_ms=code.created_at_ms,
                expires_at_ms=code.expires_at_ms,
            )
        )

    def take_authorization_code(self, code: str) -> AuthorizationCode | None:
        """The code, deleted in the same unit of work: a code is spent by its first exchange,
        right or wrong, so a second one (or a concurrent one) finds nothing."""
        c = t.oauth2_codes.c
        row = self.conn.execute(sa.select(t.oauth2_codes).where(c.code == code)).first()
        if row is None:
            return None
        deleted = self.conn.execute(t.oauth2_codes.delete().where(c.code == code)).rowcount
        if not deleted:
            return None
        m = dict(row._mapping)
        m["scopes"] = _scopes(m["scopes"])
        return AuthorizationCode(**m)

    # ---------------------------------------------------------------- OAuth 2.0 user tokens
    def insert_oauth2_token(self, token: OAuth2Token) -> None:
        """Store an access token (and its refresh token)."""
        self.conn.execute(
            t.oauth2_tokens.insert().values(
                access_token=token.access_token,
                refresh_token=token.refresh_token,
                app_id=token.app_id,
                user_id=token.user_id,
                scopes=" ".join(token.scopes),
                created_at_ms=token.created_at_ms,
                expires_at_ms=token.expires_at_ms,
            )
        )

    def oauth2_token(self, access_token: str) -> OAuth2Token | None:
        """An access token by value (expired ones included: the caller checks)."""
        c = t.oauth2_tokens.c
        row = self.conn.execute(
            sa.select(t.oauth2_tokens).where(c.access_token == access_token)
        ).first()
        return _oauth2_token(row) if row else None

    def oauth2_token_by_refresh(self, refresh_token: str) -> OAuth2Token | None:
        """The grant a refresh token belongs to."""
        c = t.oauth2_tokens.c
        row = self.conn.execute(
            sa.select(t.oauth2_tokens).where(c.refresh_token == refresh_token)
        ).first()
        return _oauth2_token(row) if row else None

    def delete_oauth2_token(self, access_token: str) -> bool:
        """Revoke one access token with its refresh token; False when it was already gone."""
        c = t.oauth2_tokens.c
        result = self.conn.execute(t.oauth2_tokens.delete().where(c.access_token == access_token))
        return bool(result.rowcount)

    def delete_oauth2_tokens_of(self, app_id: int, user_id: int | None = None) -> list[str]:
        """Revoke an App's OAuth 2.0 user tokens (of one user, when given); their values."""
        c = t.oauth2_tokens.c
        clause = (
            c.app_id == app_id
            if user_id is None
            else sa.and_(c.app_id == app_id, c.user_id == user_id)
        )
        tokens = [row[0] for row in self.conn.execute(sa.select(c.access_token).where(clause))]
        if tokens:
            self.conn.execute(t.oauth2_tokens.delete().where(clause))
        return tokens

    # ------------------------------------------------------------------------ server secrets
    def server_secret(self, name: str) -> str | None:
        """A signing key made by a migration (``csrf``)."""
        c = t.server_secrets.c
        return self.conn.execute(sa.select(c.value).where(c.name == name)).scalar()
