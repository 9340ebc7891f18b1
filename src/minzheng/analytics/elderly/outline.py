"""Point in polygon against GeoJSON outlines (the county shapes), vectorised.

Used where points must lie inside a county: the synthetic city places its points with
it, and the facility register checks a facility's coordinates against its county."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

_BLOCK = 256  # points per block of the point-in-polygon test


def outline_rings(geometry: dict[str, Any]) -> tuple[NDArray[np.float64], ...]:
    """Every ring (outer and holes) of a GeoJSON Polygon or MultiPolygon."""
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    return tuple(np.asarray(ring, dtype=np.float64) for poly in polygons for ring in poly)


def points_in_rings(
    lon: NDArray[np.float64], lat: NDArray[np.float64], rings: tuple[NDArray[np.float64], ...]
) -> NDArray[np.bool_]:
    """Even-odd rule over all rings (so holes are holes), vectorised over points × edges
    in blocks of points."""
    lon, lat = np.atleast_1d(lon), np.atleast_1d(lat)
    inside = np.zeros(lon.shape, dtype=bool)
    for ring in rings:
        a, b = ring[:, 0], ring[:, 1]
        c, d = np.roll(a, -1), np.roll(b, -1)
        keep = b != d
        a, b, c, d = a[keep], b[keep], c[keep], d[keep]
        slope = (c - a) / (d - b)
        for start in range(0, lon.size, _BLOCK):
            x = lon[start : start + _BLOCK, None]
            y = lat[start : start + _BLOCK, None]
            crosses = (b > y) != (d > y)
            x_at = a + (y - b) * slope
            odd = np.count_nonzero(crosses & (x < x_at), axis=1) % 2 == 1
            inside[start : start + _BLOCK] ^= odd
    return inside
