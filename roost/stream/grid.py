"""The ``locations`` boxes of every connection, filed so a point or a place's box finds the
boxes it falls in without looking at the others.

A grid of cells at 11 sizes, 1/8 to 128 degrees; each distinct box is filed once, in the four
cells or fewer of the smallest size it fits; a point looks up one cell per size in use, a
place's box the cells it covers (or, when that is more, every occupied cell of that size).
Boxes wider or taller than 128 degrees are few and checked one by one.

What a lookup found is remembered until a box is added or goes (connections come and go far
less often than geotagged statuses arrive, and those cluster in cities): for a point, per tile
of 1/16 degree, the boxes covering the whole tile and the few whose edges cross it (only those
are compared with the point); for a place, per box (a place's box is the same each time).
Remembered are the live key sets and, merged into one set, their keys: a tile is covered by
~100 boxes of a key or two each, and one union of a merged set costs a tenth of a hundred
small ones. A connection joining or leaving a box already filed only makes each remembered
merge be made again at its next use (``_Found.version``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TypeVar

from roost.stream.filters import Box

__all__ = ["Grid", "box_contains", "boxes_overlap"]

_SIZES = tuple(2.0**k for k in range(-3, 8))  # cell sides in degrees: exact binary fractions
# Boxes reaching past this many degrees are "wide" and points past it skip the grid: far beyond
# the map, where ``x / side`` could overflow (predicates.py keeps real boxes within the map).
_FAR = 1e6
_TILES = 16  # tiles per degree, for remembering what points found
_REMEMBERED = 65_536  # tiles or places remembered at most (then forgotten all at once)
K = TypeVar("K")
V = TypeVar("V")


def box_contains(box: Box, long: float, lat: float) -> bool:
    """Whether the point is in the box, edges included (a box with its corners the wrong way
    round is empty: predicates.py refuses those, and boxes never wrap the antimeridian)."""
    return box.sw_long <= long <= box.ne_long and box.sw_lat <= lat <= box.ne_lat


def boxes_overlap(a: Box, b: Box) -> bool:
    """Whether the boxes share a point ("any overlap will match"; touching edges do)."""
    return (
        max(a.sw_long, b.sw_long) <= min(a.ne_long, b.ne_long)
        and max(a.sw_lat, b.sw_lat) <= min(a.ne_lat, b.ne_lat)
        and a.sw_long <= a.ne_long
        and a.sw_lat <= a.ne_lat
        and b.sw_long <= b.ne_long
        and b.sw_lat <= b.ne_lat
    )


# A box as the grid holds it: its bounds unpacked (no attribute lookups, no hashing of the Box
# while matching) and the keys of the filters watching it.
_Entry = tuple[float, float, float, float, set[int]]


def _level(box: Box) -> int:
    """The smallest cell size the box fits in (so it covers at most 2 x 2 cells), or -1."""
    if not all(abs(v) <= _FAR for v in (box.sw_long, box.sw_lat, box.ne_long, box.ne_lat)):
        return -1  # far off the map, or NaN
    size = max(box.ne_long - box.sw_long, box.ne_lat - box.sw_lat)
    for level, side in enumerate(_SIZES):
        if size <= side:
            return level
    return -1


def _remember(memo: dict[K, V], key: K, value: V) -> V:
    """Keep ``value`` under ``key``, forgetting all at once past ``_REMEMBERED`` entries."""
    if len(memo) >= _REMEMBERED:
        memo.clear()
    memo[key] = value
    return value


def _cells(side: float, box: Box) -> Iterable[tuple[int, int]]:
    """The cells (columns and rows ``floor(x / side)``) of this side the box covers."""
    for x in range(math.floor(box.sw_long / side), math.floor(box.ne_long / side) + 1):
        for y in range(math.floor(box.sw_lat / side), math.floor(box.ne_lat / side) + 1):
            yield x, y


class _Found:
    """What a lookup found: the key sets of the boxes it is in for sure, their keys merged (as
    of ``version``: made again when a key set changed since), and the boxes to compare a point
    with."""

    __slots__ = ("crossing", "keys", "sets", "version")

    def __init__(self, sets: tuple[set[int], ...], crossing: tuple[_Entry, ...]) -> None:
        self.sets = sets
        self.crossing = crossing
        self.keys: set[int] = set()
        self.version = -1

    def merged(self, version: int) -> set[int]:
        """The keys of ``sets`` now (``version``: the grid's count of key changes)."""
        if self.version != version:
            self.keys = set().union(*self.sets)
            self.version = version
        return self.keys


class Grid:
    """The ``locations`` boxes, each distinct box once, filed by size and cell."""

    def __init__(self) -> None:
        self.boxes: dict[Box, _Entry] = {}
        self.levels: list[dict[tuple[int, int], dict[Box, _Entry]]] = [{} for _ in _SIZES]
        self.wide: dict[Box, _Entry] = {}  # over 128 degrees, or off the map: checked one by one
        self.used: list[tuple[float, dict[tuple[int, int], dict[Box, _Entry]]]] = []
        self._tiles: dict[tuple[int, int], _Found] = {}  # the boxes covering it, crossing it
        self._places: dict[Box, _Found] = {}  # place box -> the boxes it overlaps
        self._version = 0  # key changes so far (what a remembered merge is as of)

    def forget(self) -> None:
        """Forget what lookups found (done whenever the boxes change)."""
        self._tiles.clear()
        self._places.clear()

    def add(self, box: Box, key: int) -> None:
        entry = self.boxes.get(box)
        if entry is None:
            if box.sw_long > box.ne_long or box.sw_lat > box.ne_lat:
                return  # empty: matches nothing, stored nowhere
            entry = self.boxes[box] = (box.sw_long, box.sw_lat, box.ne_long, box.ne_lat, set())
            level = _level(box)
            if level < 0:
                self.wide[box] = entry
            else:
                for cell in _cells(_SIZES[level], box):
                    self.levels[level].setdefault(cell, {})[box] = entry
                self._recount()
            self.forget()
        if key not in entry[4]:
            entry[4].add(key)
            self._version += 1

    def discard(self, box: Box, key: int) -> None:
        entry = self.boxes.get(box)
        if entry is None:
            return
        if key not in entry[4]:
            return
        entry[4].discard(key)
        self._version += 1
        if entry[4]:
            return
        del self.boxes[box]
        self.forget()
        level = _level(box)
        if level < 0:
            del self.wide[box]
            return
        cells = self.levels[level]
        for cell in _cells(_SIZES[level], box):
            del cells[cell][box]
            if not cells[cell]:
                del cells[cell]
        self._recount()

    def _recount(self) -> None:
        self.used = [
            (side, cells) for side, cells in zip(_SIZES, self.levels, strict=True) if cells
        ]

    def at_point(self, long: float, lat: float, out: set[int]) -> None:
        """Add the keys of every box holding the point."""
        if not (-180.0 <= long <= 180.0 and -90.0 <= lat <= 90.0):  # off the map, or NaN
            self._scan_point(long, lat, out)
            return
        tile = (math.floor(long * _TILES), math.floor(lat * _TILES))  # exact: a power of 2
        found = self._tiles.get(tile)
        if found is None:
            found = self._tile(tile)
        out |= found.merged(self._version)
        for w, s, e, n, keys in found.crossing:
            if w <= long <= e and s <= lat <= n:
                out |= keys

    def overlapping(self, q: Box, out: set[int]) -> None:
        """Add the keys of every box overlapping ``q``."""
        found = self._places.get(q)
        if found is None:
            sets = tuple(entry[4] for entry in self._overlapping(q))
            found = _remember(self._places, q, _Found(sets, ()))
        out |= found.merged(self._version)

    def _tile(self, tile: tuple[int, int]) -> _Found:
        """What a point in this tile may be in, split as ``_tiles`` holds it (and remembered)."""
        x, y = tile
        w, s, e, n = x / _TILES, y / _TILES, (x + 1) / _TILES, (y + 1) / _TILES
        whole: list[set[int]] = []
        crossing: list[_Entry] = []
        for entry in self._overlapping(Box(w, s, e, n)):
            if entry[0] <= w and entry[1] <= s and e <= entry[2] and n <= entry[3]:
                whole.append(entry[4])
            else:
                crossing.append(entry)
        return _remember(self._tiles, tile, _Found(tuple(whole), tuple(crossing)))

    def _scan_point(self, long: float, lat: float, out: set[int]) -> None:
        """``at_point`` looking in every size's cell (what a tile remembers is built from
        ``_overlapping``; this serves points off the map)."""
        floor = math.floor
        for side, cells in self.used if abs(long) <= _FAR and abs(lat) <= _FAR else ():
            held = cells.get((floor(long / side), floor(lat / side)))
            if held:
                for w, s, e, n, keys in held.values():
                    if w <= long <= e and s <= lat <= n:
                        out |= keys
        for w, s, e, n, keys in self.wide.values():
            if w <= long <= e and s <= lat <= n:
                out |= keys

    def _overlapping(self, q: Box) -> list[_Entry]:
        """Every box overlapping ``q`` (edges touching count)."""
        if q.sw_long > q.ne_long or q.sw_lat > q.ne_lat:
            return []
        found: dict[Box, _Entry] = dict(self.wide)
        # Boxes in cells lie within _FAR: clipping q there keeps every overlap with them.
        w, s = max(q.sw_long, -_FAR), max(q.sw_lat, -_FAR)
        e, n = min(q.ne_long, _FAR), min(q.ne_lat, _FAR)
        for side, cells in self.used if w <= e and s <= n else ():  # (NaN: nothing overlaps)
            x0, x1 = math.floor(w / side), math.floor(e / side)
            y0, y1 = math.floor(s / side), math.floor(n / side)
            if (x1 - x0 + 1) * (y1 - y0 + 1) <= len(cells):
                for x in range(x0, x1 + 1):
                    for y in range(y0, y1 + 1):
                        found.update(cells.get((x, y), ()))
            else:  # a big place against few occupied cells: look at those instead
                for (x, y), held in cells.items():
                    if x0 <= x <= x1 and y0 <= y <= y1:
                        found.update(held)
        qw, qs, qe, qn = q.sw_long, q.sw_lat, q.ne_long, q.ne_lat
        # both non-empty: bounds cross
        return [
            entry
            for entry in found.values()
            if entry[0] <= qe and qw <= entry[2] and entry[1] <= qn and qs <= entry[3]
        ]
