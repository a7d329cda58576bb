"""An in-memory grid of cities for reverse geocoding, pure Python (no numpy, no scipy).

Distances are chord lengths between unit vectors, so there is no seam at the antimeridian and no
distortion near the poles; at the distances searched (<= 50 km) a chord is shorter than its arc
by under 3 ppm.

Which city: not simply the nearest. GeoNames lists city sections as cities of their own (the
nearest record to Moscone Center is ``Chinatown``), while Twitter answered the city
(``San Francisco, CA``). So each city claims land in proportion to its size: the winner has the
smallest ``distance / half_width`` (a multiplicatively weighted Voronoi diagram) among cities
within ``RADIUS_KM``. A point at a town's centre still gets the town; a point in a metropolis's
sections gets the metropolis.

Two tiers keep that search short: the few large cities (half-width over 2.5 km, about 100,000
people) in 1° cells, searched first within 50 km; then the many small ones in 0.25° cells,
searched only as far as a small city could still beat the best score so far
(``distance < score * 2.5 km``), which in a built-up area is a few km: a handful of cells.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence

from roost.geo.data import EARTH_RADIUS_KM, MAX_HALF_WIDTH_KM, City, half_width_km

# A reverse-geocoded place is at most this far from the point: far enough for a rural Tweet
# to name its nearest town, near enough that a ship 100 km offshore gets no place.
RADIUS_KM = 50.0
# (largest half-width in km, cell size in degrees), searched in this order.
_TIERS = ((MAX_HALF_WIDTH_KM, 1.0), (2.5, 0.25))

# (x, y, z, 1 / half_width² in unit-sphere units, index into the city list)
Entry = tuple[float, float, float, float, int]


def unit_vector(lat: float, long: float) -> tuple[float, float, float]:
    """The point on the unit sphere at ``lat``, ``long`` (degrees)."""
    phi, lam = math.radians(lat), math.radians(long)
    cos_phi = math.cos(phi)
    return cos_phi * math.cos(lam), cos_phi * math.sin(lam), math.sin(phi)


class _Tier:
    """Cities of one size class, bucketed in ``cell_deg`` x ``cell_deg`` cells."""

    def __init__(self, max_half_km: float, cell_deg: float) -> None:
        self.max_half = max_half_km / EARTH_RADIUS_KM  # in unit-sphere units, like chords
        self.cell_deg = cell_deg
        self.n_rows = round(180 / cell_deg)
        self.n_cols = round(360 / cell_deg)
        self.rows: dict[int, dict[int, list[Entry]]] = {}

    def add(self, lat: float, long: float, entry: Entry) -> None:
        row = self._row(lat)
        col = math.floor((long + 180.0) / self.cell_deg) % self.n_cols
        self.rows.setdefault(row, {}).setdefault(col, []).append(entry)

    def _row(self, lat: float) -> int:
        return min(self.n_rows - 1, max(0, math.floor((lat + 90.0) / self.cell_deg)))

    def cells(self, lat: float, long: float, angle: float) -> Iterator[list[Entry]]:
        """Every cell that may hold a point within ``angle`` radians of ``lat``, ``long``."""
        dlat = math.degrees(angle)
        if abs(lat) + dlat >= 90.0:
            dlong = 180.0  # the cap holds a pole: every longitude
        else:
            # The widest longitude span of a spherical cap (exact, not an approximation).
            ratio = math.sin(angle) / math.cos(math.radians(lat))
            dlong = math.degrees(math.asin(min(1.0, ratio)))
        col0 = math.floor((long - dlong + 180.0) / self.cell_deg)
        n = math.floor((long + dlong + 180.0) / self.cell_deg) - col0 + 1
        for row in range(self._row(lat - dlat), self._row(lat + dlat) + 1):
            cells = self.rows.get(row)
            if cells is None:
                continue
            if dlong >= 180.0 or n >= len(cells):
                yield from cells.values()  # the row holds fewer cells than there are to probe
                continue
            for col in range(col0, col0 + n):
                cell = cells.get(col % self.n_cols)
                if cell is not None:
                    yield cell


class CityGrid:
    """The cities in two tiers of cells; answers "which city is this point in" (module doc)."""

    def __init__(self, cities: Sequence[City]) -> None:
        self._tiers = [_Tier(half, cell) for half, cell in _TIERS]
        for i, city in enumerate(cities):
            half_km = half_width_km(city.population)
            half = half_km / EARTH_RADIUS_KM
            x, y, z = unit_vector(city.lat, city.long)
            tier = next(t for t in reversed(self._tiers) if half <= t.max_half + 1e-12)
            tier.add(city.lat, city.long, (x, y, z, 1.0 / (half * half), i))
        self._angle = RADIUS_KM / EARTH_RADIUS_KM
        self._limit2 = (2.0 * math.sin(self._angle / 2.0)) ** 2  # the radius as a squared chord

    def locate(self, lat: float, long: float) -> int | None:
        """Index of the city this point belongs to, or None if no city is within RADIUS_KM."""
        qx, qy, qz = unit_vector(lat, long)
        limit2 = self._limit2
        best_score, best = math.inf, -1  # score: squared (chord / half-width)
        for tier in self._tiers:
            angle = self._angle
            if best >= 0:
                # Only a city nearer than this could score better than the best so far.
                chord = math.sqrt(best_score) * tier.max_half
                angle = min(angle, 2.0 * math.asin(min(1.0, chord / 2.0)))
            for cell in tier.cells(lat, long, angle):
                for x, y, z, weight, i in cell:
                    dx, dy, dz = x - qx, y - qy, z - qz
                    d2 = dx * dx + dy * dy + dz * dz
                    if d2 <= limit2:
                        score = d2 * weight
                        if score < best_score or (score == best_score and i < best):
                            best_score, best = score, i
        return best if best >= 0 else None
