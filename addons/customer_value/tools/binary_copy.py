"""Rows of a DataFrame in PostgreSQL's binary COPY format, built with numpy, column by
column: no value is formatted as text. Formatting floats as text cost about a second per
float column and million rows in pandas' CSV writer, in the serial score step of the runs.

The format (PostgreSQL documentation, "COPY", "Binary Format"): a header, then per row
the number of fields (int16) and per field its length in bytes (int32, -1 for NULL)
followed by its bytes, all integers big-endian; a trailer of -1 (int16).
"""

import numpy as np
import pandas as pd

HEADER = b"PGCOPY\n\xff\r\n\x00" + bytes(8)  # the signature, no flags, no header extension
TRAILER = b"\xff\xff"
POSTGRES_EPOCH = np.datetime64("2000-01-01", "D")  # dates are days since then
FIXED_TYPES = {"integer": ">i4", "bigint": ">i8", "double precision": ">f8", "date": ">i4"}
TEXT_TYPES = ("text", "jsonb")
# other spellings of the types, as SQL or Odoo's fields give them; a numeric's values are
# floats already, and PostgreSQL turns them back into the same numbers where they have 15
# significant digits or fewer, as money does (in a comparison, a CASE or an assignment to
# a numeric column)
ALIASES = {
    "int4": "integer",
    "int8": "bigint",
    "float8": "double precision",
    "numeric": "double precision",
    "bool": "boolean",
    "varchar": "text",
}


def column_type(sql_type, name):
    """The type in which the transfer sends column ``name`` of SQL type ``sql_type``
    (spelled as in SQL or as Odoo's fields give it: ``int4``, ``VARCHAR``, ``numeric(16,
    2)``...), and a table that receives it must have.

    :raise ValueError: a type the transfer does not know
    """
    base = sql_type.lower().split("(")[0].strip()
    base = ALIASES.get(base, base)
    if base not in (*FIXED_TYPES, *TEXT_TYPES, "boolean"):
        raise ValueError(f"column {name}: the binary transfer knows no type {sql_type}")
    return base


def binary_copy(frame, columns):
    """The bytes COPY ... FROM STDIN WITH (FORMAT binary) reads: the ``columns`` of
    ``frame`` ({name: SQL type}: integer, bigint, double precision, numeric, date, boolean,
    varchar, text or jsonb, see :func:`column_type`); a missing value (None, NaN, NaT) is
    NULL.

    :raise ValueError: a value that does not fit its column's type
    """
    encoded = [_encode(frame[name], sql_type, name) for name, sql_type in columns.items()]
    row_sizes = np.full(len(frame), 2, dtype=np.int64)
    for lengths, _payload in encoded:
        row_sizes += 4 + np.maximum(lengths, 0)
    row_starts = len(HEADER) + _starts(row_sizes)
    data = np.empty(len(HEADER) + int(row_sizes.sum()) + len(TRAILER), dtype=np.uint8)
    data[: len(HEADER)] = np.frombuffer(HEADER, dtype=np.uint8)
    data[-len(TRAILER) :] = np.frombuffer(TRAILER, dtype=np.uint8)
    _place(data, row_starts, _bytes(np.full(len(frame), len(columns)), ">i2"))
    position = row_starts + 2
    for lengths, payload in encoded:
        _place(data, position, _bytes(lengths, ">i4"))
        position = position + 4
        present = lengths > 0
        if payload.ndim == 2:  # a value of the same width in each row
            _place(data, position[present], payload[present])
        else:  # the values one after the other
            sizes = lengths[present]
            data[np.repeat(position[present] - _starts(sizes), sizes) + np.arange(payload.size)] = payload
        position = position + np.maximum(lengths, 0)
    return data.tobytes()


def _starts(sizes):
    """Where each of the pieces of ``sizes`` starts, laid one after the other from 0."""
    return np.cumsum(sizes) - sizes


def _bytes(values, dtype):
    """``values`` as a matrix of their bytes in ``dtype``, a row per value."""
    return np.ascontiguousarray(values, dtype=dtype).view(np.uint8).reshape(len(values), np.dtype(dtype).itemsize)


def _place(data, positions, rows):
    """Write each row of ``rows`` (a byte matrix) into ``data`` from its position."""
    if len(rows):
        data[positions[:, None] + np.arange(rows.shape[1])] = rows


def _encode(series, sql_type, name):
    """``(lengths, payload)`` of a column: each value's length in bytes (-1 when missing)
    and their bytes, as a matrix of a row per value for the types of one width, as the
    values' bytes one after the other for text."""
    sql_type = column_type(sql_type, name)
    missing = series.isna().to_numpy()
    if sql_type == "boolean":
        values = series.where(~missing, False).astype(bool).to_numpy()
        return np.where(missing, -1, 1), _bytes(values, "u1")
    if sql_type in TEXT_TYPES:
        return _encode_text(series, missing, sql_type == "jsonb")
    if sql_type == "date":
        days = pd.to_datetime(series.where(~missing, None)).to_numpy().astype("datetime64[D]")
        values = np.where(missing, 0, (days - POSTGRES_EPOCH).astype(np.int64))
    else:
        values = pd.to_numeric(series.where(~missing, np.nan)).to_numpy(dtype="float64", na_value=np.nan)
        values = np.where(missing, 0, values)
        if sql_type == "integer" and not (np.array_equal(values, np.round(values)) and np.all(abs(values) < 2**31)):
            raise ValueError(f"column {name}: an integer column holds a fraction or a number beyond 32 bits")
    payload = _bytes(values, FIXED_TYPES[sql_type])
    return np.where(missing, -1, payload.shape[1]), payload


def _encode_text(series, missing, jsonb):
    """Text as UTF-8, a jsonb value (its JSON text) behind the version of its format (1);
    each distinct value is encoded once."""
    codes, uniques = pd.factorize(series.where(~missing, None), use_na_sentinel=True)
    prefix = b"\x01" if jsonb else b""
    encoded = [prefix + str(value).encode() for value in uniques]
    sizes = np.array([len(value) for value in encoded], dtype=np.int64)
    present = codes[codes >= 0]
    row_sizes = sizes[present]
    # each row's bytes taken from those of its distinct value
    source = np.repeat(_starts(sizes)[present] - _starts(row_sizes), row_sizes)
    payload = np.frombuffer(b"".join(encoded), dtype=np.uint8)[source + np.arange(source.size)]
    return np.append(sizes, -1)[codes], payload  # a missing value's code is -1
