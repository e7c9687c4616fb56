"""Write the scanner's evaluation corpus and its truth files: `python -m benchmarks.corpora.generate [FOLDER]`.

Without FOLDER the files are written here, beside this script, where they are kept in the repository; the
tests write them again into a temporary folder and require the same bytes, so the kept files are always
exactly what this script writes (never edited by hand). Each corpus has its own generator seeded from SEED
and its name, so changing one corpus leaves the others' bytes alone. Needs only the standard library and
openpyxl. write_scaled() writes a corpus's file with a multiple of its rows, for benchmarks/scanner_speed.py.
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
import sys
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from benchmarks.corpora.extracts import CORPORA, Corpus

SEED = 14  # the issue that asked for the corpus
HERE = Path(__file__).parent
TRUTH_SUFFIX = ".truth.json"
# Zip entries and the workbook's own properties carry the time they were written; these fix them.
FIXED_ZIP_TIME = (2025, 1, 1, 0, 0, 0)
FIXED_ISO_TIME = "2025-01-01T00:00:00Z"


def generator_for(corpus: Corpus) -> random.Random:
    return random.Random(f"{SEED}:{corpus.name}")


def leaf_paths(document: Any, prefix: str = "") -> Iterator[str]:
    """The column names a JSON document's values are scanned under: nested keys joined by dots, list items
    sharing their list's name with "[]" (DESIGN.md: JSON is flattened this way)."""
    if isinstance(document, dict):
        for key, value in document.items():
            yield from leaf_paths(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(document, list):
        for item in document:
            yield from leaf_paths(item, f"{prefix}[]" if prefix else "[]")
    elif document is not None and document != "":
        yield prefix


def _columns_of(corpus: Corpus, content: Any) -> list[str]:
    if corpus.kind in ("json", "jsonl"):
        return list(dict.fromkeys(path for document in content for path in leaf_paths(document)))
    if corpus.kind == "xlsx":
        return [f"{sheet}!{name}" for sheet, rows in content.items() for name in rows[0]]
    return list(content[0])


def _check_columns(corpus: Corpus, content: Any) -> None:
    found = _columns_of(corpus, content)
    if found != list(corpus.columns):
        missing = [name for name in corpus.columns if name not in found]
        extra = [name for name in found if name not in corpus.columns]
        raise ValueError(f"{corpus.name}: the truth does not list the file's columns in order "
                         f"(missing from the file: {missing}; without truth: {extra})")
    if corpus.kind == "csv" and any(list(row) != found for row in content):
        raise ValueError(f"{corpus.name}: every row must have the same columns")


def _write_delimited(corpus: Corpus, path: Path, rows: Sequence[dict[str, str]]) -> None:
    text = io.StringIO(newline="")
    writer = csv.writer(text, delimiter=corpus.delimiter, lineterminator="\r\n")
    if corpus.header:
        writer.writerow(list(rows[0]))
    writer.writerows([list(row.values()) for row in rows])
    if corpus.encoding == "utf-16":
        # Excel's "Unicode Text": little-endian with a byte order mark, whatever machine writes it.
        data = "\ufeff".encode("utf-16-le") + text.getvalue().encode("utf-16-le")
    else:
        data = text.getvalue().encode(corpus.encoding)  # raises if a value cannot be held, as Windows-1252 may not
    path.write_bytes(data)


def _write_json(corpus: Corpus, path: Path, documents: Sequence[dict[str, Any]]) -> None:
    if corpus.kind == "jsonl":
        text = "".join(json.dumps(document, ensure_ascii=False) + "\n" for document in documents)
    else:
        text = json.dumps(list(documents), ensure_ascii=False, indent=2) + "\n"
    path.write_bytes(text.encode(corpus.encoding))


def _write_xlsx(path: Path, sheets: dict[str, list[dict[str, Any]]]) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        sheet.append(list(rows[0]))
        for row in rows:
            sheet.append([None if value == "" else value for value in row.values()])
    workbook.properties.creator = "benchmarks/corpora/generate.py"
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(_fixed_times(buffer.getvalue()))


def _fixed_times(xlsx: bytes) -> bytes:
    """The same workbook with every timestamp fixed, so writing it twice gives the same bytes."""
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as source, zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = source.read(member.filename)
            if member.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + FIXED_ISO_TIME.encode(), data)
            target.writestr(zipfile.ZipInfo(member.filename, FIXED_ZIP_TIME), data, zipfile.ZIP_DEFLATED)
    return output.getvalue()


def truth_document(corpus: Corpus, rows: int) -> dict[str, Any]:
    return {"corpus": corpus.name, "file": corpus.file, "format": corpus.kind, "encoding": corpus.encoding,
            "header": corpus.header, "rows": rows, "seed": f"{SEED}:{corpus.name}", "description": corpus.description,
            "traps": list(corpus.traps), "columns": [truth.as_json(name) for name, truth in corpus.columns.items()]}


def _truth_text(document: dict[str, Any]) -> str:
    """JSON with one column a line: readable, and a change to one column is a one-line diff."""
    head = {key: value for key, value in document.items() if key != "columns"}
    lines = json.dumps(head, ensure_ascii=False, indent=2)[:-2]
    columns = ",\n".join("    " + json.dumps(column, ensure_ascii=False) for column in document["columns"])
    return f"{lines},\n  \"columns\": [\n{columns}\n  ]\n}}\n"


def _rows(corpus: Corpus, content: Any) -> int:
    return sum(len(rows) for rows in content.values()) if corpus.kind == "xlsx" else len(content)


def _write_content(corpus: Corpus, path: Path, content: Any) -> None:
    if corpus.kind == "xlsx":
        _write_xlsx(path, content)
    elif corpus.kind in ("json", "jsonl"):
        _write_json(corpus, path, content)
    else:
        _write_delimited(corpus, path, content)


def write_corpus(corpus: Corpus, folder: Path) -> tuple[Path, Path]:
    """The corpus's file and its truth file, written into `folder`."""
    content = corpus.build(generator_for(corpus))
    _check_columns(corpus, content)
    path = folder / corpus.file
    _write_content(corpus, path, content)
    truth = folder / f"{corpus.name}{TRUTH_SUFFIX}"
    truth.write_text(_truth_text(truth_document(corpus, _rows(corpus, content))), encoding="utf-8")
    return path, truth


def join_draws(kind: str, draws: Sequence[Any]) -> Any:
    """Several draws of a corpus as one file's content: rows after rows, a workbook's sheet by sheet."""
    if kind == "xlsx":
        return {sheet: [row for draw in draws for row in draw[sheet]] for sheet in draws[0]}
    return [row for draw in draws for row in draw]


def write_scaled(corpus: Corpus, folder: Path, copies: int) -> Path:
    """The corpus's file, under its own name in `folder`, with `copies` times its rows; no truth file.

    The extracts fix their row counts (module constants that the leaks' row numbers depend on), so a file is
    not regenerated with more rows: it is drawn `copies` times, the first draw the kept file's own, each later
    one from a generator of its own, and the draws written one after another. Each draw keeps the extract's
    proportions (one NHS number in 320 contact centre notes). Drawing again rather than writing the same
    rows repeatedly: repeated values would let a scanner that looks at distinct values do less work than real
    data of that size asks. For benchmarks of speed; the truth files describe the kept files."""
    draws = [corpus.build(generator_for(corpus) if copy == 0 else random.Random(f"{SEED}:{corpus.name}:{copy}"))
             for copy in range(copies)]
    content = join_draws(corpus.kind, draws)
    _check_columns(corpus, content)
    path = folder / corpus.file
    _write_content(corpus, path, content)
    return path


def write_all(folder: Path, corpora: Iterable[Corpus] = CORPORA) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [path for corpus in corpora for path in write_corpus(corpus, folder)]


def main(arguments: Sequence[str]) -> None:
    folder = Path(arguments[0]) if arguments else HERE
    written = write_all(folder)
    for path in written:
        print(f"{path}  {path.stat().st_size:,} bytes")
    print(f"{len(written) // 2} corpora, {sum(path.stat().st_size for path in written) / 1e6:.2f} MB in all")


if __name__ == "__main__":
    main(sys.argv[1:])
