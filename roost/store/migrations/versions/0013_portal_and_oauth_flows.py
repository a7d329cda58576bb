"""the developer portal and the OAuth flows: projects, web sessions, request tokens, OAuth 2.0

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 01:00:00

New tables only, plus two columns on ``apps`` (its Project, and whether OAuth 2.0 is on: on for
every existing App, as ``roost apps create`` made them with a client id). ``server_secrets``
gets the CSRF signing key here, once, so every process on the database signs alike.
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def _user_fk(table: str, column: str = "user_id") -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["users.id"], name=op.f(f"fk_{table}_{column}_users"), ondelete="CASCADE"
    )


def _app_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["app_id"], ["apps.id"], name=op.f(f"fk_{table}_app_id_apps"), ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "projects",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("owner_id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("description", sa.String(length=500), server_default="", nullable=False),
        sa.Column("use_case", sa.String(length=64), server_default="", nullable=False),
        sa.Column("created_at_ms", sa.BigInteger(), nullable=False),
        _user_fk("projects", "owner_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_projects")),
    )
    op.create_index("ix_projects_owner", "projects", ["owner_id"], unique=False)
    with op.batch_alter_table("apps", schema=None) as batch_op:
        batch_op.add_column(sa.Column("project_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(
            sa.Column("oauth2_enabled", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_apps_project_id_projects"),
            "projects",
            ["project_id"],
            ["id"],
            ondelete="SET NULL",
        )
    op.create_table(
        "web_sessions",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("csrf", sa.String(length=64), nullable=False),
        sa.Column("created_at_ms", sa.BigInteger(), nullable=False),
        sa.Column("expires_at_ms", sa.BigInteger(), nullable=False),
        _user_fk("web_sessions"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_sessions")),
    )
    op.create_table(
        "request_tokens",
        sa.Column("token", sa.String(length=80), nullable=False),
        sa.Column("secret", sa.String(length=64), nullable=False),
        sa.Column("app_id", sa.BigInteger(), nullable=False),
        sa.Column("callback", sa.String(length=500), nullable=False),
        sa.Column("access_type", sa.String(length=16), nullable=True),
        sa.Column("user_id", sa.BigInteger(), nullable=True),
        sa.Column("verifier", sa.String(length=64), nullable=True),
        sa.Column("created_at_ms", sa.BigInteger(), nullable=False),
        _app_fk("request_tokens"),
        _user_fk("request_tokens"),
        sa.PrimaryKeyConstraint("token", name=op.f("pk_request_tokens")),
    )
    op.create_table(
        "oauth2_codes",
        sa.Column("code", sa.String(length=120), nullable=False),
        sa.Column("app_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("redirect_uri", sa.String(length=500), nullable=False),
        sa.Column("scopes", sa.String(length=500), nullable=False),
        sa.Column("code_challenge", sa.String(length=200), nullable=True),
        sa.Column("code_challenge_method", sa.String(length=16), nullable=True),
        sa.Column("created_at_ms", sa.BigInteger(), nullable=False),
        sa.Column("expires_at_ms", sa.BigInteger(), nullable=False),
        _app_fk("oauth2_codes"),
        _user_fk("oauth2_codes"),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_oauth2_codes")),
    )
    op.create_table(
        "oauth2_tokens",
        sa.Column("access_token", sa.String(length=120), nullable=False),
        sa.Column("refresh_token", sa.String(length=120), nullable=True),
        sa.Column("app_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("scopes", sa.String(length=500), nullable=False),
        sa.Column("created_at_ms", sa.BigInteger(), nullable=False),
        sa.Column("expires_at_ms", sa.BigInteger(), nullable=False),
        _app_fk("oauth2_tokens"),
        _user_fk("oauth2_tokens"),
        sa.PrimaryKeyConstraint("access_token", name=op.f("pk_oauth2_tokens")),
        sa.UniqueConstraint("refresh_token", name=op.f("uq_oauth2_tokens_refresh_token")),
    )
    op.create_index(
        "ix_oauth2_tokens_app_user", "oauth2_tokens", ["app_id", "user_id"], unique=False
    )
    secrets_table = op.create_table(
        "server_secrets",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("value", sa.String(length=128), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_server_secrets")),
    )
    op.bulk_insert(secrets_table, [{"name": "csrf", "value": secrets.token_hex(32)}])


def downgrade() -> None:
    op.drop_table("server_secrets")
    op.drop_index("ix_oauth2_tokens_app_user", table_name="oauth2_tokens")
    op.drop_table("oauth2_tokens")
    op.drop_table("oauth2_codes")
    op.drop_table("request_tokens")
    op.drop_table("web_sessions")
    with op.batch_alter_table("apps", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_apps_project_id_projects"), type_="foreignkey")
        batch_op.drop_column("oauth2_enabled")
        batch_op.drop_column("project_id")
    op.drop_index("ix_projects_owner", table_name="projects")
    op.drop_table("projects")
