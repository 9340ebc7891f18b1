"""Turning the generator's numpy columns into Arrow arrays of the schema's types.

The generator keeps every column as a plain numpy array (integer cents, epoch
days, small integer codes) because that is what vectorises; these helpers do
the one conversion to Arrow, exactly and without a detour through Python
objects.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa
from numpy.typing import NDArray

from minzheng.analytics.schema import MONEY

# decimal128(12, 2) holds at most 10 digits before the point.
MAX_CENTS = 10**12 - 1


def money(cents: NDArray[np.int64]) -> pa.Array:
    """Integer cents as decimal128(12, 2), bit-exact.

    A decimal128 value is stored as its unscaled 128-bit integer, which for
    scale 2 *is* the amount in cents; writing the two 64-bit words directly
    avoids float and Python `Decimal` objects alike.
    """
    values = np.ascontiguousarray(cents, dtype=np.int64)
    if values.size and int(np.abs(values).max()) > MAX_CENTS:
        raise ValueError("金额超出 decimal128(12,2) 的范围")
    words = np.empty((values.size, 2), dtype=np.int64)
    words[:, 0] = values
    words[:, 1] = np.where(values < 0, -1, 0)
    return pa.Array.from_buffers(MONEY, values.size, [None, pa.py_buffer(words)])


def dates(days: NDArray[np.int64], missing: NDArray[np.bool_] | None = None) -> pa.Array:
    """Days since 1970-01-01 as date32; `missing` marks nulls."""
    return pa.array(days.astype(np.int32), type=pa.int32(), mask=missing).cast(pa.date32())


def labels(codes: NDArray[np.integer], vocabulary: Sequence[str]) -> pa.Array:
    """Small integer codes decoded to strings through a dictionary (decoded in C++)."""
    indices = pa.array(codes.astype(np.int32), type=pa.int32())
    dictionary = pa.array(list(vocabulary), type=pa.string())
    return pa.DictionaryArray.from_arrays(indices, dictionary).cast(pa.string())


def ascii_rows(matrix: NDArray[np.uint8]) -> pa.Array:
    """Rows of ASCII bytes (n × width) as strings, e.g. ID numbers and phone numbers."""
    width = matrix.shape[1]
    packed = np.ascontiguousarray(matrix).view(f"S{width}").ravel()
    return pa.array(packed, type=pa.binary(width)).cast(pa.string())


def texts(values: NDArray[np.str_]) -> pa.Array:
    return pa.array(values, type=pa.string())
