"""Read sample data as rows of text, a row at a time, whatever the format. Pure; bounded memory.

Every reader yields dicts of column name to string. Anything that cannot be read raises
UnreadableInput with a reason a person can act on.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import json
import zipfile
from collections.abc import Iterator
from itertools import chain, islice
from pathlib import Path
from typing import IO, Any

from governance.scanning.headers import NUMBERED, SNIFF_ROWS, first_row_is_header, numbered_names, safe_name
from governance.scanning.kinds import is_value_key

Row = dict[str, str]
SAMPLE_BYTES = 64 * 1024
MAX_FIELD_BYTES = 10 * 1024 * 1024
MAX_JSON_OBJECT_BYTES = 16 * 1024 * 1024
# A spreadsheet that expands far beyond its own size is refused before it is opened (a "zip bomb").
MAX_XLSX_UNCOMPRESSED = 2 * 1024 * 1024 * 1024
MAX_XLSX_RATIO = 200
TEXT_COLUMN = "text"
DELIMITERS = ",\t;|"
SNIFF_CHARACTERS = 1024 * 1024
SHEET = "Sheet"
VALUE_KEY = "*"
KEYS_SUFFIX = " (keys)"
DELIMITED = ("csv", "tsv")


class UnreadableInput(Exception):
    """The file cannot be scanned; the message says why in plain words."""


def detect_format(path: Path, first_bytes: bytes) -> str:
    suffix = path.suffix.lower()
    if first_bytes.startswith(b"PK\x03\x04") or suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix == ".json":
        return "json"
    if suffix == ".txt":
        return "text"
    if suffix == ".tsv":
        return "tsv"
    return "csv"


def read_rows(path: Path) -> tuple[str, Iterator[Row]]:
    """The format found and an iterator over the rows. Raises UnreadableInput."""
    kind, first = sniff(path)
    return kind, rows_of(path, kind, first)


def sniff(path: Path) -> tuple[str, bytes]:
    """The file's format and its first bytes. Raises UnreadableInput for a file that cannot be opened or is
    empty."""
    first = first_bytes(path)
    if not first.strip(b"\x00\r\n\t \xef\xbb\xbf\xff\xfe"):
        raise UnreadableInput("the file is empty")
    return detect_format(path, first), first


def rows_of(path: Path, kind: str, first: bytes) -> Iterator[Row]:
    """The rows of a file of the format sniff() found."""
    readers = {"xlsx": _xlsx_rows, "jsonl": _jsonl_rows, "json": _json_rows, "text": _text_rows,
               "tsv": _delimited_rows, "csv": _delimited_rows}
    return readers[kind](path, first)


def first_bytes(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(SAMPLE_BYTES)
    except OSError as error:
        raise UnreadableInput(f"cannot open the file: {error.strerror or error}") from error


def detect_encoding(sample: bytes) -> str:
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        # The sample may end inside a character; an incremental decoder tolerates that.
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def open_text(path: Path, sample: bytes) -> IO[str]:
    encoding = detect_encoding(sample)
    # cp1252 leaves five bytes undefined; replacing them beats refusing a whole council export.
    errors = "replace" if encoding == "cp1252" else "strict"
    return io.TextIOWrapper(path.open("rb"), encoding=encoding, errors=errors, newline="")


def _decoding_errors(rows: Iterator[Row]) -> Iterator[Row]:
    try:
        yield from rows
    except UnicodeDecodeError as error:
        raise UnreadableInput("the text is not in a recognised encoding (save it as UTF-8)") from error


def _delimited_rows(path: Path, sample: bytes) -> Iterator[Row]:
    return _decoding_errors(_delimited(path, sample))


def _delimited(path: Path, sample: bytes) -> Iterator[Row]:
    with open_text(path, sample) as handle:
        reader, _delimiter = delimited_reader(handle, path)
        try:
            first = next(reader, None)
            if first is None:
                raise UnreadableInput("the file is empty")
            yield from _table(first, reader)
        except csv.Error as error:
            raise UnreadableInput(f"the file is not valid CSV: {error}") from error


def delimited_reader(handle: IO[str], path: Path) -> tuple[Iterator[list[str]], str]:
    """A csv reader over the open file, with the delimiter it was given."""
    csv.field_size_limit(MAX_FIELD_BYTES)
    text_sample = handle.read(SAMPLE_BYTES)
    handle.seek(0)
    delimiter = choose_delimiter(text_sample, path.suffix.lower() == ".tsv")
    return csv.reader(handle, delimiter=delimiter), delimiter


DELIMITER_SAMPLE_ROWS = 50
AGREEING_SHARE = 0.9


def choose_delimiter(text: str, tab_first: bool = False) -> str:
    """The delimiter that splits the header and nearly every row below into the same number of cells, more
    than one; else a comma (one column). csv.Sniffer counts characters and takes a semicolon in notes, or a
    comma in amounts, for the delimiter of a one-column file."""
    candidates = "\t,;|" if tab_first else DELIMITERS
    best, best_share = ",", 0.0
    for delimiter in candidates:
        rows = [row for row in islice(csv.reader(io.StringIO(text), delimiter=delimiter),
                                                DELIMITER_SAMPLE_ROWS + 1) if row]
        if len(rows) > DELIMITER_SAMPLE_ROWS:
            rows = rows[:-1]  # the sample may end mid-row
        if not rows or len(rows[0]) < 2:
            continue
        share = sum(len(row) == len(rows[0]) for row in rows) / len(rows)
        if share >= AGREEING_SHARE and share > best_share:
            best, best_share = delimiter, share
    return best


def _table(first: list[str], rows: Iterator[list[str]], prefix: str = "") -> Iterator[Row]:
    """Rows of cells as dicts by column name. The first row names the columns unless it looks like data,
    when the columns are numbered and it is scanned as the first row (headers.py)."""
    below = peek_rows(rows)
    header = first_row_is_header(first, below)
    columns = [prefix + name for name in (column_names(first) if header else numbered_names(len(first)))]
    for cells in chain(below, rows) if header else chain([first], below, rows):
        if len(cells) > len(columns):
            positions = range(len(columns) + 1, len(cells) + 1)
            columns += [prefix + (f"column_{position}" if header else f"{NUMBERED} {position}")
                        for position in positions]
        yield {columns[index]: cell for index, cell in enumerate(cells) if cell != ""}


def peek_rows(rows: Iterator[list[str]]) -> list[list[str]]:
    """The rows the first row is compared with: fewer when they are large, so memory stays bounded."""
    peeked: list[list[str]] = []
    size = 0
    for cells in rows:
        peeked.append(cells)
        size += sum(map(len, cells))
        if len(peeked) >= SNIFF_ROWS or size >= SNIFF_CHARACTERS:
            break
    return peeked


def column_names(header: list[str]) -> list[str]:
    """Names from a header row; blank, repeated and personal-data names get one from their position."""
    names: list[str] = []
    for index, raw in enumerate(header):
        name = safe_name(raw.strip(), index + 1) or f"column_{index + 1}"
        while name in names:
            name = f"{name}_{index + 1}"
        names.append(name)
    return names


def _text_rows(path: Path, sample: bytes) -> Iterator[Row]:
    def rows() -> Iterator[Row]:
        with open_text(path, sample) as handle:
            for line in handle:
                if line.strip():
                    yield {TEXT_COLUMN: line.rstrip("\r\n")}

    return _decoding_errors(rows())


def flatten(document: Any, prefix: str = "") -> Row:
    """Nested keys become dotted column names; list items share their list's column.

    A key that is a value (records keyed by NHS number, email address or case number) is never kept in a
    name: it becomes "*", so the records share their columns as list items do, and the keys themselves are
    scanned as the values of a column "<path>.* (keys)".
    """
    parts: dict[str, list[str]] = {}

    def add(key: str, value: str) -> None:
        parts.setdefault(key, []).append(value)

    def walk(value: Any, key: str) -> None:
        if isinstance(value, dict):
            for child_key, child in value.items():
                name = str(child_key)
                if is_value_key(name):
                    name = VALUE_KEY
                    add(f"{key}.{name}{KEYS_SUFFIX}" if key else f"{name}{KEYS_SUFFIX}", str(child_key))
                walk(child, f"{key}.{name}" if key else name)
        elif isinstance(value, list):
            for item in value:
                walk(item, f"{key}[]" if key else "[]")
        elif value is not None and value != "":
            add(key or "value", value if isinstance(value, str) else json.dumps(value))

    walk(document, prefix)
    return {key: "; ".join(values) for key, values in parts.items()}


def _jsonl_rows(path: Path, sample: bytes) -> Iterator[Row]:
    def rows() -> Iterator[Row]:
        with open_text(path, sample) as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    yield flatten(json.loads(line))
                except json.JSONDecodeError as error:
                    raise UnreadableInput(f"line {number} is not valid JSON: {error.msg}") from error

    return _decoding_errors(rows())


def _json_rows(path: Path, sample: bytes) -> Iterator[Row]:
    return _decoding_errors(_json_array(path, sample))


def _json_array(path: Path, sample: bytes) -> Iterator[Row]:
    """Stream the objects of a top-level JSON array without loading the whole file."""
    decoder = json.JSONDecoder()
    with open_text(path, sample) as handle:
        buffer = handle.read(SAMPLE_BYTES).lstrip("\ufeff \t\r\n")
        if not buffer.startswith("["):
            raise UnreadableInput("a JSON file must hold an array of objects, like [{...}, {...}]")
        buffer = buffer[1:]
        while True:
            buffer = buffer.lstrip(" \t\r\n,")
            if buffer.startswith("]"):
                return
            try:
                document, end = decoder.raw_decode(buffer)
            except json.JSONDecodeError as error:
                more = handle.read(SAMPLE_BYTES)
                if not more:
                    raise UnreadableInput(f"the JSON is not valid: {error.msg}") from error
                if len(buffer) > MAX_JSON_OBJECT_BYTES:
                    raise UnreadableInput("an object in the JSON array is too large to scan") from error
                buffer += more
                continue
            yield flatten(document)
            buffer = buffer[end:]
            if len(buffer) < SAMPLE_BYTES:
                buffer += handle.read(SAMPLE_BYTES)


def _check_zip(path: Path) -> int:
    """How many bytes the spreadsheet expands to; refuses one that expands far beyond its size."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        raise UnreadableInput("the spreadsheet is damaged or not an .xlsx file") from error
    expanded = sum(member.file_size for member in members)
    packed = max(1, sum(member.compress_size for member in members))
    if expanded > MAX_XLSX_UNCOMPRESSED or expanded / packed > MAX_XLSX_RATIO:
        raise UnreadableInput("the spreadsheet expands to far more data than its size suggests, so it was refused")
    return expanded


# A workbook that expands to no more than this is read by calamine (compiled, about ten times faster than
# openpyxl, but it holds a whole sheet in memory); a larger one streams through openpyxl in bounded memory.
CALAMINE_MAX_EXPANDED = 64 * 1024 * 1024
DAMAGED = "the spreadsheet is damaged or not an .xlsx file"


def _xlsx_rows(path: Path, _sample: bytes) -> Iterator[Row]:
    if _check_zip(path) <= CALAMINE_MAX_EXPANDED:
        count, sheets = _calamine_sheets(path)
    else:
        count, sheets = _openpyxl_sheets(path)
    return _workbook_rows(count, sheets)


def _calamine_sheets(path: Path) -> tuple[int, Iterator[tuple[str, Iterator[list[str]]]]]:
    from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except (CalamineError, ValueError, OSError) as error:
        raise UnreadableInput(DAMAGED) from error
    titles = [about.name for about in workbook.sheets_metadata if about.typ == SheetTypeEnum.WorkSheet]

    def sheets() -> Iterator[tuple[str, Iterator[list[str]]]]:
        try:
            for title in titles:
                try:
                    sheet = workbook.get_sheet_by_name(title)
                except (CalamineError, ValueError) as error:
                    raise UnreadableInput(DAMAGED) from error
                # calamine starts a row at the sheet's first used column; openpyxl, like Excel, at column A.
                padding = [""] * sheet.start[1] if sheet.start else []
                yield title, (padding + [cell_text(cell) for cell in cells] for cells in sheet.iter_rows())
        finally:
            workbook.close()

    return len(titles), sheets()


def _openpyxl_sheets(path: Path) -> tuple[int, Iterator[tuple[str, Iterator[list[str]]]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a malformed file
        raise UnreadableInput(DAMAGED) from error

    def sheets() -> Iterator[tuple[str, Iterator[list[str]]]]:
        try:
            for sheet in workbook.worksheets:
                yield sheet.title, ([cell_text(cell) for cell in cells]
                                    for cells in sheet.iter_rows(values_only=True))
        except (KeyError, ValueError, zipfile.BadZipFile) as error:
            raise UnreadableInput(DAMAGED) from error
        finally:
            workbook.close()

    return len(workbook.worksheets), sheets()


def cell_text(value: Any) -> str:
    """A spreadsheet cell as text, the same whichever library read it: whole numbers without ".0" (calamine
    reads every number as a float), a date without a time of midnight (openpyxl reads dates as datetimes)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime.datetime) and value.time() == datetime.time() and value.tzinfo is None:
        return value.date().isoformat()
    return str(value)


def _workbook_rows(count: int, sheets: Iterator[tuple[str, Iterator[list[str]]]]) -> Iterator[Row]:
    for position, (title, rows) in enumerate(sheets, start=1):
        first = next(rows, None)
        if first is None:
            continue
        # A sheet per person ("ann.smith@example.com") must not put its name into every column's.
        prefix = f"{safe_name(title, position, SHEET)}!" if count > 1 else ""
        yield from _table(first, rows, prefix)
