"""Delimited files read straight into columns by pyarrow's CSV reader (docs/adr/0009). Pure; bounded memory.

The file is read a block at a time on every core, and each block arrives as one array of text per column:
no Python object is made for a row, and the empty cells are dropped in C. The header decision, the column
names and the delimiter are the row reader's own (readers.py), so a file scans to the same columns either
way. Whatever pyarrow cannot read exactly as the row reader would (rows with more cells than the header,
bytes the encoding leaves undefined, a value larger than a block) raises NotColumnar, and the caller reads
the file again with the row reader, which either reads it or says why not.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pv

from governance.scanning.headers import first_row_is_header, numbered_names
from governance.scanning.joined import SEPARATOR
from governance.scanning.readers import (
    column_names,
    delimited_reader,
    detect_encoding,
    open_text,
    peek_rows,
)

# Each block is parsed by one thread; a row (a long case note included) must fit in one, or the file is read
# row by row. pyarrow reads many blocks ahead, so its memory grows with their size: 1 MiB keeps it near 150 MB.
BLOCK_BYTES = 1024 * 1024
BATCH_BYTES = 16 * 1024 * 1024
Columns = dict[str, pa.Array]
Batch = tuple[int, Columns]  # rows in the batch, and each column's non-empty values


class NotColumnar(Exception):
    """The file must be read row by row instead."""


def delimited_batches(path: Path, sample: bytes) -> Iterator[Batch]:
    """Blocks of rows as columns of non-empty text. Raises NotColumnar (before or while reading)."""
    encoding = detect_encoding(sample)
    names, header, delimiter = _layout(path, sample)
    try:
        reader = pv.open_csv(
            path,
            read_options=pv.ReadOptions(encoding="utf8" if encoding.startswith("utf-8") else encoding,
                                        column_names=names, block_size=BLOCK_BYTES),
            parse_options=pv.ParseOptions(delimiter=delimiter, newlines_in_values=True),
            # An empty cell, quoted or not, is read as null, and only an empty one ("NA" and "NULL" are text).
            convert_options=pv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()), null_values=[""],
                                              strings_can_be_null=True, quoted_strings_can_be_null=True))
        for batch in _gathered(reader, header):
            yield batch.num_rows, {name: _non_empty(batch.column(index)) for index, name in enumerate(names)}
    except (pa.ArrowInvalid, UnicodeError, LookupError) as error:
        raise NotColumnar(str(error)) from error


def _gathered(reader: Iterator[pa.RecordBatch], header: bool) -> Iterator[pa.RecordBatch]:
    """The reader's small blocks gathered into batches of about BATCH_BYTES, so the work per column is done
    in few large steps while pyarrow reads ahead only small blocks."""
    waiting: list[pa.RecordBatch] = []
    size = 0
    for position, batch in enumerate(reader):
        if position == 0 and header:
            batch = batch.slice(1)  # the header row, read as values so quoting is handled alike
        waiting.append(batch)
        size += batch.nbytes
        if size >= BATCH_BYTES:
            yield _combined(waiting)
            waiting, size = [], 0
    if waiting:
        yield _combined(waiting)


def _combined(batches: list[pa.RecordBatch]) -> pa.RecordBatch:
    if len(batches) == 1:
        return batches[0]
    return pa.Table.from_batches(batches).combine_chunks().to_batches()[0]


def _layout(path: Path, sample: bytes) -> tuple[list[str], bool, str]:
    """Column names, whether the first row is a header, and the delimiter, decided as readers.py decides."""
    try:
        with open_text(path, sample) as handle:
            rows, delimiter = delimited_reader(handle, path)
            first = next(rows, None)
            below = peek_rows(rows)
    except (csv.Error, UnicodeError) as error:
        raise NotColumnar(str(error)) from error
    if not first or any(len(cells) != len(first) for cells in below if cells):
        raise NotColumnar("rows of different lengths")
    header = first_row_is_header(first, below)
    return (column_names(first) if header else numbered_names(len(first))), header, delimiter


def _non_empty(column: pa.Array) -> pa.Array:
    return column.drop_null() if column.null_count else column


def without_separators(values: pa.Array) -> pa.Array:
    """joined.without_separators for a column held by pyarrow. The separator is a zero byte, so the smallest
    byte of the column's text settles it in one pass, and only a column that has one is searched."""
    _validity, offsets, data = values.buffers()
    if data is None or not len(values):
        return values
    bounds = np.frombuffer(offsets, dtype=np.int32)[[values.offset, values.offset + len(values)]]
    text = np.frombuffer(data, dtype=np.uint8)[bounds[0]:bounds[1]]
    if not len(text) or text.min() != 0 or not pc.any(pc.match_substring(values, SEPARATOR)).as_py():
        return values
    return pc.replace_substring(values, SEPARATOR, " ")
