"""SQLAlchemy Core tables, shared by SQLite and PostgreSQL. Migrations in migrations/ follow them.

Ids are Snowflakes (BigInteger, minted by Roost, never autoincrement). Times are Unix ms.
Counts on ``users`` are denormalized and kept right inside the same unit of work that changes
what they count (a follow, a status), so rendering a User never counts rows.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

# The id of the two hot tables is SQLite's rowid: only a column declared exactly ``INTEGER
# PRIMARY KEY`` is, and a ``BIGINT PRIMARY KEY`` gets an index of its own beside the table, so
# every lookup by id searches two B-trees and every insert writes one more (measured: lookups
# 1.5x, a user's page 1.9x, an insert 1.45x faster as rowid). SQLite's INTEGER is 64-bit.
ROWID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

users = sa.Table(
    "users",
    metadata,
    sa.Column("id", ROWID, primary_key=True, autoincrement=False),
    sa.Column("screen_name", sa.String(15), nullable=False),
    # Screen names are unique regardless of case (Twitter's rule); this column enforces it.
    sa.Column("screen_name_lower", sa.String(15), nullable=False, unique=True),
    sa.Column("name", sa.String(50), nullable=False),
    sa.Column("description", sa.String(160), nullable=False, server_default=""),
    sa.Column("location", sa.String(30), nullable=False, server_default=""),
    sa.Column("url", sa.String(100)),
    sa.Column("protected", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("verified", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("geo_enabled", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("allow_media_tagging", sa.String(10), nullable=False, server_default="all"),
    sa.Column("possibly_sensitive", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("suspended", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("lang", sa.String(10)),
    sa.Column("time_zone", sa.String(64)),
    sa.Column("profile_image_url", sa.String(300)),
    sa.Column("followers_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("friends_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("listed_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("favourites_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("statuses_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("settings", sa.JSON, nullable=False, server_default="{}"),
    sa.Column("password_hash", sa.String(200)),
    sa.Column("created_at_ms", sa.BigInteger, nullable=False),
    # ``roost withhold user``: the uppercase two-letter codes (a JSON list), NULL when not
    sa.Column("withheld_in_countries", sa.JSON),
)

apps = sa.Table(
    "apps",
    metadata,
    sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("name", sa.String(32), nullable=False),
    sa.Column("website", sa.String(200)),
    sa.Column("consumer_key", sa.String(64), nullable=False, unique=True),
    sa.Column("consumer_secret", sa.String(64), nullable=False),
    sa.Column("client_id", sa.String(64), nullable=False, unique=True),
    sa.Column("client_secret", sa.String(64)),
    sa.Column("client_type", sa.String(16), nullable=False, server_default="confidential"),
    sa.Column("permission", sa.String(32), nullable=False, server_default="read-write"),
    sa.Column("callback_urls", sa.JSON, nullable=False, server_default="[]"),
    sa.Column("owner_id", sa.BigInteger, sa.ForeignKey("users.id", ondelete="SET NULL")),
    sa.Column("created_at_ms", sa.BigInteger, nullable=False),
    # The portal's Project that holds the App (None: made by the CLI outside any Project).
    sa.Column("project_id", sa.BigInteger, sa.ForeignKey("projects.id", ondelete="SET NULL")),
    sa.Column("oauth2_enabled", sa.Boolean, nullable=False, server_default=sa.true()),
)

access_tokens = sa.Table(
    "access_tokens",
    metadata,
    sa.Column("token", sa.String(80), primary_key=True),
    sa.Column("secret", sa.String(64), nullable=False),
    sa.Column(
        "app_id", sa.BigInteger, sa.ForeignKey("apps.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column(
        "user_id", sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("permission", sa.String(32), nullable=False),
    sa.Column("created_at_ms", sa.BigInteger, nullable=False),
    sa.Index("ix_access_tokens_app_user", "app_id", "user_id"),
)

bearer_tokens = sa.Table(
    "bearer_tokens",
    metadata,
    sa.Column("token", sa.String(120), primary_key=True),
    sa.Column(
        "app_id",
        sa.BigInteger,
        sa.ForeignKey("apps.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("created_at_ms", sa.BigInteger, nullable=False),
)

follows = sa.Table(
    "follows",
    metadata,
    sa.Column(
        "follower_id",
        sa.BigInteger,
        sa.ForeignKey("users.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column(
        "followee_id",
        sa.BigInteger,
        sa.ForeignKey("users.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    # A Snowflake per edge: newest-first order and the opaque cursors of followers/ids.
    sa.Column("id", sa.BigInteger, nullable=False, unique=True),
    sa.Column("created_at_ms", sa.BigInteger, nullable=False),
    sa.Index("ix_follows_followee", "followee_id", "id"),
    sa.Index("ix_follows_follower", "follower_id", "id"),
)

follow_requests = sa.Table(
    "follow_requests",
    metadata,
    sa.Column(
        "requester_id",
        sa.BigInteger,
        sa.ForeignKey("users.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column(
        "target_id", sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("id", sa.BigInteger, nullable=False, unique=True),
    sa.Column("created_at_ms", sa.BigInteger, nullable=False),
    sa.Index("ix_follow_requests_target", "target_id", "id"),
    sa.Index("ix_follow_requests_requester", "requester_id", "id"),
)


def _partial_index(name: str, column: str, *more: str) -> sa.Index:
    """An index on ``column`` (and ``more``) over the rows where ``column`` is not NULL."""
    where = sa.text(f"{column} IS NOT NULL")
    return sa.Index(name, column, *more, sqlite_where=where, postgresql_where=where)


statuses = sa.Table(
    "statuses",
    metadata,
    sa.Column("id", ROWID, primary_key=True, autoincrement=False),
    sa.Column(
        "user_id", sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    ),
    # The full text as Twitter stored it: URLs already replaced by their t.co links, the
    # auto-populated reply mentions in front, an attachment URL at the end.
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("display_start", sa.Integer, nullable=False, server_default="0"),
    sa.Column("display_end", sa.Integer, nullable=False),
    # hashtags / symbols / user_mentions / urls with code-point indices into ``text``
    sa.Column("entities", sa.JSON, nullable=False),
    sa.Column("source_name", sa.String(64), nullable=False),
    sa.Column("source_url", sa.String(200), nullable=False),
    sa.Column("in_reply_to_status_id", sa.BigInteger),
    sa.Column("in_reply_to_user_id", sa.BigInteger),
    sa.Column("in_reply_to_screen_name", sa.String(15)),
    sa.Column("quoted_status_id", sa.BigInteger),
    sa.Column("quoted_permalink", sa.String(300)),
    sa.Column("retweeted_status_id", sa.BigInteger),
    sa.Column("lang", sa.String(8), nullable=False, server_default="und"),
    sa.Column("possibly_sensitive", sa.Boolean, nullable=False, server_default=sa.false()),
    # lat/long as the client wrote them: Twitter kept the number of decimals (up to 8)
    sa.Column("lat", sa.String(24)),
    sa.Column("long", sa.String(24)),
    sa.Column("place_id", sa.String(32)),
    sa.Column("display_coordinates", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("card_uri", sa.String(200)),
    sa.Column("media_ids", sa.JSON),
    sa.Column("retweet_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("favorite_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("reply_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("quote_count", sa.Integer, nullable=False, server_default="0"),
    # A 64-bit hash of ``text`` for the duplicate rule's index (NULL for retweets, which are
    # never duplicates): store/statuses.py text_hash().
    sa.Column("text_hash", sa.BigInteger),
    # ``roost withhold status``: the uppercase two-letter codes (a JSON list), NULL when not
    sa.Column("withheld_in_countries", sa.JSON),
    sa.Index("ix_statuses_user", "user_id", "id"),
    sa.Index("ix_statuses_user_text", "user_id", "text_hash", "id"),
    # The indexes on nullable links hold only the statuses that have the link (partial
    # indexes): an ordinary status then writes no entry into them (fewer pages per COMMIT).
    _partial_index("ix_statuses_retweeted", "retweeted_status_id", "id"),
    # "did this viewer retweet these?" (retweeted, current_user_retweet) on every page
    _partial_index("ix_statuses_retweeted_by", "retweeted_status_id", "user_id"),
    _partial_index("ix_statuses_reply", "in_reply_to_status_id"),
    _partial_index("ix_statuses_quoted", "quoted_status_id"),
)

# Who a status mentions (mentions_timeline reads by user, newest first).
status_mentions = sa.Table(
    "status_mentions",
    metadata,
    sa.Column(
        "user_id", sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column(
        "status_id",
        sa.BigInteger,
        sa.ForeignKey("statuses.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Index("ix_status_mentions_status", "status_id"),
)

# Likes ("favorites"): one row per user and status. ``id`` is a Snowflake minted when the like
# was made: favorites/list pages by the liked statuses' ids but the row order is kept for later.
favorites = sa.Table(
    "favorites",
    metadata,
    sa.Column(
        "user_id", sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column(
        "status_id",
        sa.BigInteger,
        sa.ForeignKey("statuses.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("id", sa.BigInteger, nullable=False, unique=True),
    sa.Column("created_at_ms", sa.BigInteger, nullable=False),
    sa.Index("ix_favorites_status", "status_id", "user_id"),
)

# The server's own t.co: a short code for every URL it wrapped, answered with a redirect.
tco_links = sa.Table(
    "tco_links",
    metadata,
    sa.Column("code", sa.String(16), primary_key=True),
    sa.Column("url", sa.Text, nullable=False),
)

# Uploaded media; the file itself is in the blob store under ``<name>.<ext>``.
media = sa.Table(
    "media",
    metadata,
    sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column(
        "user_id", sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    ),
    # Twitter's 15-character file name (base64url of the id and 3 random bytes)
    sa.Column("name", sa.String(16), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),  # photo | animated_gif | video
    sa.Column("media_type", sa.String(64), nullable=False),
    sa.Column("media_category", sa.String(32)),
    sa.Column(
        "state", sa.String(16), nullable=False
    ),  # uploading | processing | succeeded | failed
    sa.Column("total_bytes", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("size", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("width", sa.Integer, nullable=False, server_default="0"),
    sa.Column("height", sa.Integer, nullable=False, server_default="0"),
    sa.Column("duration_ms", sa.BigInteger),
    sa.Column("alt_text", sa.Text),
    # where the upload was served from: media_url_https is built on it
    sa.Column("base_url", sa.String(300), nullable=False),
    sa.Column("additional_owners", sa.JSON, nullable=False, server_default="[]"),
    sa.Column("processing_polls", sa.Integer, nullable=False, server_default="0"),
    sa.Column("processing_error", sa.JSON),
    # the first status it was attached to; attached media never expire
    sa.Column("status_id", sa.BigInteger),
    sa.Column("created_at_ms", sa.BigInteger, nullable=False),
    sa.Column("finalized_at_ms", sa.BigInteger),
    sa.Column("expires_at_ms", sa.BigInteger, nullable=False),
    sa.Index("ix_media_user", "user_id", "id"),
)

# Twitter Lists (store/lists.py). A slug is unique per owner regardless of case (lookups by
# owner/slug ignore case: tweepy asks for "Official-Twitter-Accounts"); member_count is kept in
# the unit of work that adds or removes a member, subscriber_count stays 0 (no subscriptions).
lists = sa.Table(
    "lists",
    metadata,
    sa.Column("id", ROWID, primary_key=True, autoincrement=False),
    sa.Column(
        "owner_id", sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("name", sa.String(25), nullable=False),
    sa.Column("slug", sa.String(32), nullable=False),
    sa.Column("slug_lower", sa.String(32), nullable=False),
    sa.Column("description", sa.String(100), nullable=False, server_default=""),
    sa.Column("mode", sa.String(8), nullable=False, server_default="public"),  # public | private
    sa.Column("member_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("subscriber_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("created_at_ms", sa.BigInteger, nullable=False),
    sa.UniqueConstraint("owner_id", "slug_lower"),
)

# A list's members. ``id`` is a Snowflake minted when the member was added: lists/members pages
# newest first by it, with the opaque cursors of followers/ids.
list_members = sa.Table(
    "list_members",
    metadata,
    sa.Column(
        "list_id", sa.BigInteger, sa.ForeignKey("lists.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column(
        "user_id", sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("id", sa.BigInteger, nullable=False),
    sa.Column("created_at_ms", sa.BigInteger, nullable=False),
    sa.Index("ix_list_members_list", "list_id", "id"),
    sa.Index("ix_list_members_user", "user_id"),
)

# The streams' outbox: events written by processes other than the server (the ``roost`` admin
# commands: withholding, scrub_geo), which every server process reads after the last id it saw
# and publishes on its own stream bus. A server's own writes reach its streams directly.
stream_events = sa.Table(
    "stream_events",
    metadata,
    sa.Column("id", ROWID, primary_key=True, autoincrement=True),  # ordered across processes
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("payload", sa.Text, nullable=False),  # JSON
    sa.Column("created_at_ms", sa.BigInteger, nullable=False),
)

# Collections (store/collections.py): always public, ``timeline_order`` fixed at creation.
collections = sa.Table(
    "collections",
    metadata,
    sa.Column("id", ROWID, primary_key=True, autoincrement=False),
    sa.Column(
        "owner_id", sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("name", sa.String(25), nullable=False),
    sa.Column("description", sa.String(160), nullable=False, server_default=""),
    sa.Column("url", sa.String(255), nullable=False, server_default=""),
    # curation_reverse_chron | tweet_chron | tweet_reverse_chron
    sa.Column("timeline_order", sa.String(24), nullable=False),
    sa.Column("visibility", sa.String(8), nullable=False, server_default="public"),
    sa.Column("created_at_ms", sa.BigInteger, nullable=False),
    sa.Column("updated_at_ms", sa.BigInteger, nullable=False),
    sa.Index("ix_collections_owner", "owner_id", "id"),
)

# A collection's tweets. ``sort_index`` orders every timeline_order highest first (domain/
# collections.py) and is unique per collection: entries pages by it both ways. ``id`` is a
# Snowflake minted when the entry was added (the cap drops the lowest). A deleted status, a
# deleted collection or a deleted owner takes its entries with it (ON DELETE CASCADE).
collection_entries = sa.Table(
    "collection_entries",
    metadata,
    sa.Column(
        "collection_id",
        sa.BigInteger,
        sa.ForeignKey("collections.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column(
        "status_id",
        sa.BigInteger,
        sa.ForeignKey("statuses.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("sort_index", sa.BigInteger, nullable=False),
    sa.Column("id", sa.BigInteger, nullable=False),
    sa.Column("added_at_ms", sa.BigInteger, nullable=False),
    sa.Index("ix_collection_entries_position", "collection_id", "sort_index", unique=True),
    sa.Index("ix_collection_entries_added", "collection_id", "id"),
    # collections/list?tweet_id=, and the cascade when a status is deleted
    sa.Index("ix_collection_entries_status", "status_id", "collection_id"),
)

# What POST /2/tweets carries beyond a v1.1 status (store/statuses.py): the poll (JSON:
# options, duration_minutes, end_ms), reply_settings and the users tagged in its photos (JSON
# ids, only those who allow photo tagging). A row only for statuses that have any of them.
status_extras = sa.Table(
    "status_extras",
    metadata,
    sa.Column(
        "status_id",
        sa.BigInteger,
        sa.ForeignKey("statuses.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("poll", sa.Text, nullable=True),
    sa.Column("reply_settings", sa.String(16), nullable=True),
    sa.Column("tagged_user_ids", sa.Text, nullable=True),
)


# ---------------------------------------------------------------- the portal and the OAuth flows
# (migration 0013). Secrets a client presents are stored as they are issued only where Twitter's
# flows need the value back (a request token's secret signs the access_token call); web sessions
# and OAuth 2.0 tokens are looked up by value, so a leaked table is as bad as leaked tokens: the
# same trade Twitter's own tokens (``<user id>-<random>``) make. Times are Unix ms.

projects = sa.Table(
    "projects",
    metadata,
    sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column(
        "owner_id", sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("name", sa.String(64), nullable=False),
    sa.Column("description", sa.String(500), nullable=False, server_default=""),
    sa.Column("use_case", sa.String(64), nullable=False, server_default=""),
    sa.Column("created_at_ms", sa.BigInteger, nullable=False),
    sa.Index("ix_projects_owner", "owner_id"),
)

web_sessions = sa.Table(
    "web_sessions",
    metadata,
    sa.Column("id", sa.String(80), primary_key=True),
    sa.Column(
        "user_id", sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("csrf", sa.String(64), nullable=False),
    sa.Column("created_at_ms", sa.BigInteger, nullable=False),
    sa.Column("expires_at_ms", sa.BigInteger, nullable=False),
)

request_tokens = sa.Table(
    "request_tokens",
    metadata,
    sa.Column("token", sa.String(80), primary_key=True),
    sa.Column("secret", sa.String(64), nullable=False),
    sa.Column(
        "app_id", sa.BigInteger, sa.ForeignKey("apps.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("callback", sa.String(500), nullable=False),
    sa.Column("access_type", sa.String(16)),  # x_auth_access_type: "read", "write" or None
    sa.Column("user_id", sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE")),
    sa.Column("verifier", sa.String(64)),
    sa.Column("created_at_ms", sa.BigInteger, nullable=False),
)

oauth2_codes = sa.Table(
    "oauth2_codes",
    metadata,
    sa.Column("code", sa.String(120), primary_key=True),
    sa.Column(
        "app_id", sa.BigInteger, sa.ForeignKey("apps.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column(
        "user_id", sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("redirect_uri", sa.String(500), nullable=False),
    sa.Column("scopes", sa.String(500), nullable=False),
    sa.Column("code_challenge", sa.String(200)),
    sa.Column("code_challenge_method", sa.String(16)),
    sa.Column("created_at_ms", sa.BigInteger, nullable=False),
    sa.Column("expires_at_ms", sa.BigInteger, nullable=False),
)

oauth2_tokens = sa.Table(
    "oauth2_tokens",
    metadata,
    sa.Column("access_token", sa.String(120), primary_key=True),
    sa.Column("refresh_token", sa.String(120), unique=True),
    sa.Column(
        "app_id", sa.BigInteger, sa.ForeignKey("apps.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column(
        "user_id", sa.BigInteger, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("scopes", sa.String(500), nullable=False),
    sa.Column("created_at_ms", sa.BigInteger, nullable=False),
    sa.Column("expires_at_ms", sa.BigInteger, nullable=False),
    sa.Index("ix_oauth2_tokens_app_user", "app_id", "user_id"),
)

# Keys the server signs with (the sign-in forms' CSRF tokens), made once by migration 0013 so
# every process on one database signs alike.
server_secrets = sa.Table(
    "server_secrets",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("value", sa.String(128), nullable=False),
)
