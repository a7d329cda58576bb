"""Status rows exactly as Roost's own code makes them (runs in the worker processes).

A planned status becomes a ``Draft`` (what the synthetic user would send to statuses/update),
and the draft becomes a ``Tweet`` by the steps of ``services/tweets.py: post``: ``text.compose``
with the auto-populated reply mentions and the quote's permalink as attachment, ``text.entities``
resolving mentions against the accounts, the rule that a reply must mention its parent's author,
``services/geo.for_status`` for coordinates and place, the App as source, the default
``possibly_sensitive`` of the account; then the row ``store/statuses.insert_status`` writes
(JSON as text, ``text_hash``), the ``status_mentions`` rows and the ``tco_links`` rows
(``post``'s t.co links, the compat-mode link of a long text, the quoted permalink). A retweet is
``domain/retweets.retweet_of`` of its original as the store reads it back
(``tweet_from_driver`` of the original's row), as ``services/engagement.retweet`` stores it;
the main process makes those, from the originals' rows the workers sent.

Entries (plain tuples, cheap to send to a worker) carry everything a status needs, so any
process renders any status alone and gets the same row: the text comes from a generator seeded
by the status's number.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import orjson

from roost.domain import signals, text
from roost.domain.model import Tweet, User
from roost.domain.permalinks import permalink
from roost.domain.retweets import retweet_of
from roost.load.activity import QUOTE
from roost.load.people import FOLK
from roost.load.prose import Writer
from roost.load.words import LANGS
from roost.search.document import document_for
from roost.services import geo
from roost.store.statuses import JSON_FIELDS, STATUS_COLUMNS, text_hash, tweet_from_driver

# entry fields: (number, id, author, kind, lang, mentions, reply, quote, geo, sensitive, counts)
# reply: (parent id, parent author, auto-populated names or None when the mention was typed)
# quote: (quoted id, quoted author); counts: (retweets, likes, replies, quotes)
Entry = tuple[Any, ...]
STATUS_FIELDS = [c.name for c in STATUS_COLUMNS] + ["text_hash"]


@dataclass(frozen=True)
class Accounts:
    """What rendering needs of every account (sent once to each worker)."""

    ids: list[int]
    screen_names: list[str]
    names: list[str]
    langs: bytes
    home: bytes
    geo_enabled: bytes
    sensitive: bytes
    locations: list[str] = field(default_factory=list)  # profile locations (geocode)


@dataclass(frozen=True)
class Source:
    """The App every status is posted with: its seed and its source label."""

    seed: int
    name: str
    url: str


@dataclass(frozen=True)
class Draft:
    """The statuses/update parameters the synthetic user sends (``PostRequest``'s fields)."""

    status: str
    in_reply_to_status_id: int | None = None
    auto_populate_reply_metadata: bool = False
    attachment_url: str | None = None
    possibly_sensitive: bool | None = None
    lat: str | None = None
    long: str | None = None
    place_id: str | None = None


@dataclass
class Chunk:
    """The rows of a run of statuses, and what the manifest counts of them."""

    statuses: list[tuple[Any, ...]] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    tco: list[tuple[str, str]] = field(default_factory=list)
    hashtags: Counter[str] = field(default_factory=Counter)
    geotagged: int = 0
    with_urls: int = 0
    with_symbols: int = 0
    long_texts: int = 0
    # search documents (status id, tokens) and each status's (attitude, question), in order
    documents: list[tuple[int, list[str]]] = field(default_factory=list)
    # the (attitude, question) of a retweet's text, for each status that will be retweeted
    retweet_said: dict[int, tuple[int, bool]] = field(default_factory=dict)


class Renderer:
    """Turns entries into rows (one per process)."""

    def __init__(self, accounts: Accounts, source: Source) -> None:
        self.accounts = accounts
        self.source = source
        self.writer = Writer(source.seed)
        self.by_name = {sn.lower(): i for i, sn in enumerate(accounts.screen_names)}
        self._users: dict[int, User] = {}

    def user(self, i: int) -> User:
        """Account ``i`` as a User (the fields composing a status reads)."""
        user = self._users.get(i)
        if user is None:
            a = self.accounts
            user = User(
                id=a.ids[i],
                screen_name=a.screen_names[i],
                name=a.names[i],
                created_at_ms=0,
                geo_enabled=bool(a.geo_enabled[i]),
                possibly_sensitive=bool(a.sensitive[i]),
            )
            self._users[i] = user
        return user

    def resolve(self, lowered: list[str]) -> dict[str, User]:
        """``users_by_screen_names`` over the planned accounts."""
        found = {}
        for name in lowered:
            i = self.by_name.get(name)
            if i is not None:
                found[name] = self.user(i)
        return found

    # ------------------------------------------------------------------ one status
    def draft(self, entry: Entry) -> tuple[Draft, int]:
        """What the user sends, and how many URLs the text holds."""
        number, _, author, kind, lang, mentions, reply, quote, geo_mode, sensitive, _ = entry
        self.writer.reseed(number)
        screen_names = self.accounts.screen_names
        lead: tuple[int, ...] = ()
        others = mentions
        if reply is not None and reply[2] is None:  # "@author ..." typed by the user
            lead, others = mentions[:1], mentions[1:]
        body, urls = self.writer.body(
            LANGS[lang], [screen_names[i] for i in lead], [screen_names[i] for i in others]
        )
        lat = long = place_id = None
        if geo_mode:
            lat, long, place_id = self._where(author, geo_mode)
        return (
            Draft(
                status=body,
                in_reply_to_status_id=reply[0] if reply is not None else None,
                auto_populate_reply_metadata=reply is not None and reply[2] is not None,
                attachment_url=(
                    permalink(screen_names[quote[1]], quote[0]) if quote is not None else None
                ),
                possibly_sensitive=True if sensitive else None,
                lat=lat,
                long=long,
                place_id=place_id,
            ),
            urls,
        )

    def _where(self, author: int, mode: int) -> tuple[str | None, str | None, str | None]:
        rng = self.writer.rng
        cities = FOLK[LANGS[self.accounts.langs[author]]].cities
        city = cities[self.accounts.home[author]] if rng.random() < 0.8 else rng.choice(cities)
        if mode == 2:
            from roost.geo import places

            place = places.reverse_geocode(city.lat, city.long)
            return None, None, place.id if place else None
        digits = rng.randint(4, 8)  # clients sent anything from 4 to 15 decimals
        lat = city.lat + rng.uniform(-0.03, 0.03)
        long = city.long + rng.uniform(-0.03, 0.03)
        return f"{lat:.{digits}f}", f"{long:.{digits}f}", None

    def tweet(
        self, entry: Entry, draft: Draft, urls: int, said: signals.Signals
    ) -> tuple[Tweet, text.Composed, set[int]]:
        """The status ``post`` would store for the entry (counts from the plan), given its
        draft and its text's signals (found as ``post`` finds them); its composed text and the
        accounts it mentions."""
        number, status_id, author, kind, _, mentions, reply, quote, _, _, counts = entry
        user = self.user(author)
        names = reply[2] if reply is not None and reply[2] is not None else ()
        composed = text.compose(
            draft.status, [self.accounts.screen_names[i] for i in names], draft.attachment_url
        )
        entities = text.entities(composed, self.resolve)
        mentioned = [int(m["id"]) for m in entities["user_mentions"]]
        planned = [self.accounts.ids[i] for i in (*names, *mentions)]
        if mentioned != planned or len(composed.urls) != urls + (quote is not None):
            raise AssertionError(f"status {number}: the text's entities are not the planned ones")
        parent_author = self.user(reply[1]) if reply is not None else None
        if parent_author is not None and not (
            draft.auto_populate_reply_metadata
            or parent_author.id in mentioned
            or parent_author.id == user.id
        ):
            raise AssertionError(f"status {number}: a reply that does not mention its author")
        lat, long, place_id = geo.for_status(user, draft.lat, draft.long, draft.place_id)
        reply_to = (  # as statuses/update decides it
            (parent_author.id, parent_author.screen_name)
            if parent_author is not None
            else text.leading_mention(entities)
        )
        tweet = Tweet(
            id=status_id,
            user_id=user.id,
            text=composed.text,
            display_start=composed.display_start,
            display_end=composed.display_end,
            entities=entities,
            source_name=self.source.name,
            source_url=self.source.url,
            in_reply_to_status_id=draft.in_reply_to_status_id,
            in_reply_to_user_id=reply_to[0] if reply_to else None,
            in_reply_to_screen_name=reply_to[1] if reply_to else None,
            quoted_status_id=quote[0] if quote is not None else None,
            quoted_permalink=draft.attachment_url,
            lang=said.lang,  # detected, as statuses/update does
            possibly_sensitive=(
                user.possibly_sensitive
                if draft.possibly_sensitive is None
                else draft.possibly_sensitive
            ),
            lat=lat,
            long=long,
            place_id=place_id,
            retweet_count=counts[0],
            favorite_count=counts[1],
            reply_count=counts[2],
            quote_count=counts[3],
        )
        return tweet, composed, set(mentioned) - {user.id}

    # ------------------------------------------------------------------ a run of statuses
    def render(self, entries: list[Entry]) -> Chunk:
        """Rows for the entries (no retweets), in their order."""
        out = Chunk()
        drafts = [self.draft(entry) for entry in entries]
        saids = signals.signals_of_many([draft.status for draft, _ in drafts])
        for entry, (draft, urls), said in zip(entries, drafts, saids, strict=True):
            tweet, composed, mentioned = self.tweet(entry, draft, urls, said)
            out.statuses.append(row(tweet))
            location = self.accounts.locations[entry[2]] if self.accounts.locations else None
            out.documents.append((tweet.id, document_for(tweet, (), said, location)))
            if tweet.retweet_count:  # "RT @author: " + the text, as retweet_of writes it
                rt_text = retweet_of(tweet, self.user(entry[2]), 0, 0, "", "").text
                out.retweet_said[tweet.id] = signals.attitude_and_question(rt_text)
            out.mentions.extend((uid, tweet.id) for uid in sorted(mentioned))
            out.tco.extend(tco_links(tweet, composed).items())
            out.hashtags.update(h["text"] for h in tweet.entities["hashtags"])
            out.geotagged += tweet.lat is not None or tweet.place_id is not None
            out.with_urls += len(composed.urls) > (entry[3] == QUOTE)  # a link typed
            out.with_symbols += bool(tweet.entities["symbols"])
            out.long_texts += len(tweet.text) > text.COMPAT_LENGTH
        return out


def tco_links(tweet: Tweet, composed: text.Composed) -> dict[str, str]:
    """The ``tco_links`` rows ``post`` writes for a new status."""
    links = dict(composed.wrapped)
    if len(composed.text) > text.COMPAT_LENGTH:  # compat mode links to the whole Tweet
        whole = f"https://twitter.com/i/web/status/{tweet.id}"
        links[text.tco_code(whole)] = whole
    if tweet.quoted_permalink:
        links[text.tco_code(tweet.quoted_permalink)] = tweet.quoted_permalink
    return links


def retweet_row(
    original: tuple[Any, ...], author: User, retweeter_id: int, retweet_id: int, source: Source
) -> tuple[Any, ...]:
    """The row of a retweet of the status whose row is ``original``."""
    return row(retweet_tweet(original, author, retweeter_id, retweet_id, source))


def retweet_tweet(
    original: tuple[Any, ...], author: User, retweeter_id: int, retweet_id: int, source: Source
) -> Tweet:
    """The retweet (as ``retweet_of`` makes it) of the status whose row is ``original``."""
    return retweet_of(
        tweet_from_driver(original[:-1]), author, retweeter_id, retweet_id, source.name, source.url
    )


def row(tweet: Tweet) -> tuple[Any, ...]:
    """The ``statuses`` row ``insert_status`` writes: columns in ``STATUS_FIELDS`` order."""
    values: list[Any] = []
    for name in STATUS_FIELDS[:-1]:
        value = getattr(tweet, name)
        if name in JSON_FIELDS and value is not None:  # the raw driver path: JSON goes in as text
            value = orjson.dumps(value).decode()
        values.append(value)
    values.append(None if tweet.retweeted_status_id else text_hash(tweet.text))
    return tuple(values)


# ---------------------------------------------------------------------- worker processes
_renderer: Renderer | None = None


def start_worker(accounts: Accounts, source: Source) -> None:
    """Pool initializer: one renderer per worker process."""
    global _renderer
    _renderer = Renderer(accounts, source)


def render_in_worker(entries: list[Entry]) -> Chunk:
    """Pool task: render a run of statuses."""
    assert _renderer is not None, "start_worker was not run in this process"
    return _renderer.render(entries)
