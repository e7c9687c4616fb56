"""The printed side-by-side of benchmarks/peers.py: what each tool is, its start-up and process time, then column
precision, recall and seconds per corpus file beside the project's scan, and how often the project is ahead."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from benchmarks.peer_engines import MIN_SCORE, STRUCTURED_MIN_SCORE
from benchmarks.peers import MIN_SHARE, STRUCTURED_BATCH, Run
from benchmarks.scanner_evaluation import CorpusResult, Truth, pooled

NAME = 28
CELL = 10
OURS = "ours"
# The peers the target is about: the project ahead of them on accuracy and time on every corpus.
TARGETS = ("pstruct", "dfre", "dfsp")


def _figure(value: float | None, capped: bool = False) -> str:
    text = "n/a" if value is None else f"{value:.2f}"
    return f"{text}{'*' if capped else ' '}".rjust(CELL)


def _rows_read(run: Run) -> str:
    if run.tool.cap is None:
        return "every row"
    what = "a sample of" if run.tool.key == "structured" else "the first"
    return f"{what} {run.tool.cap} rows of each table"


def _legend(runs: Sequence[Run], truths: Sequence[Truth]) -> list[str]:
    rows = sum(truth.rows for truth in truths)
    lines = [f"peers on benchmarks/corpora/: {len(truths)} files, {rows:,} rows; each tool in its own process, one "
             "after another, on this machine"]
    for run in runs:
        measured = run.measured or {}
        version = f" ({measured['version']})" if measured.get("version") else ""
        lines.append(f"  {run.tool.label:<8} {run.tool.describe}{version}; {_rows_read(run)}")
        if "uk_recognisers" in measured:
            floor = STRUCTURED_MIN_SCORE if run.tool.key == "structured" else MIN_SCORE
            batch = f", spaCy batch {STRUCTURED_BATCH}" if run.tool.key == "structured" else ""
            lines.append(f"  {'':<8} score >= {floor}{batch}; the project's spaCy model; UK recognisers on: "
                         + ", ".join(measured["uk_recognisers"]))
        if "asked" in measured:
            lines.append(f"  {'':<8} asked for: {', '.join(measured['asked'])}")
        if run.not_run:
            lines.append(f"  {'':<8} not run: {run.not_run}")
    lines.append(f"  per-cell tools are scored two ways: -any reports a column with each type found in any of its "
                 f"cells, -{MIN_SHARE:.0%} with each type found in at least {MIN_SHARE:.0%} of its non-empty cells")
    lines.append("  * = the tool read only some of the file's rows (see above); peers report no special category")
    return lines


def _startup(runs: Sequence[Run]) -> list[str]:
    ours = next((run for run in runs if run.tool.key == "ours" and run.measured), None)
    lines = ["start-up and whole-process time, seconds (start-up = imports + engine creation, once per run)",
             f"  {'tool':<10} {'imports':>8} {'engine':>8} {'files':>8} {'process':>8} {'x ours':>7} {'rows/s':>8}"]
    for run in runs:
        if not run.measured:
            lines.append(f"  {run.tool.label:<10} not run")
            continue
        files = sum(corpus["seconds"] for corpus in run.measured["corpora"])
        rows = sum(corpus["rows"] for corpus in run.measured["corpora"])
        ratio = f"{run.process / ours.process:7.1f}" if ours else f"{'':>7}"
        lines.append(f"  {run.tool.label:<10} {run.measured['imports']:8.1f} {run.measured['engine']:8.1f} "
                     f"{files:8.1f} {run.process:8.1f} {ratio} {rows / files:8,.0f}")
    return lines


def _capped(run: Run) -> dict[str, bool]:
    return {corpus["corpus"]: corpus["capped"] for corpus in (run.measured or {}).get("corpora", ())}


def _figures(title: str, scored: Mapping[str, list[CorpusResult]], capped: Mapping[str, dict[str, bool]],
             recall: bool) -> list[str]:
    labels = list(scored)
    lines = [title, f"  {'corpus':<{NAME}}" + "".join(label.rjust(CELL) for label in labels)]
    count = len(next(iter(scored.values())))
    for position in range(count):
        corpus = scored[labels[0]][position].corpus
        cells = []
        for label in labels:
            result = scored[label][position]
            cells.append(_figure(result.recall if recall else result.precision, capped[label].get(corpus, False)))
        lines.append(f"  {corpus:<{NAME}}" + "".join(cells))
    totals = [pooled(scored[label]) for label in labels]
    lines.append(f"  {'all corpora':<{NAME}}" + "".join(_figure(t.recall if recall else t.precision) for t in totals))
    return lines


def _seconds_cell(seconds: float, capped: bool, ratio: float | None) -> str:
    times = "" if ratio is None else f"({ratio:.1f}x)" if ratio < 10 else f"({ratio:.0f}x)"
    return f"{seconds:.1f}{'*' if capped else ' '}{times:>8}".rjust(CELL + 6)


def _seconds(runs: Sequence[Run]) -> list[str]:
    seconds = {run.tool.label: {c["corpus"]: (c["seconds"], c["capped"]) for c in run.measured["corpora"]}
               for run in runs if run.measured}
    lines = ["seconds per file, reading included (x the project's time on the same file); start-up not included",
             f"  {'corpus':<{NAME}}" + "".join(f"{label:>{CELL - 2}}{'':8}" for label in seconds)]
    mine = seconds.get(OURS, {})
    for corpus in next(iter(seconds.values()), {}):
        cells = []
        for label, files in seconds.items():
            taken, capped = files[corpus]
            ratio = taken / mine[corpus][0] if corpus in mine and label != OURS else None
            cells.append(_seconds_cell(taken, capped, ratio))
        lines.append(f"  {corpus:<{NAME}}" + "".join(cells))
    return lines


def _ahead(ours: CorpusResult, peer: CorpusResult) -> list[str]:
    """What keeps the project from being ahead of the peer on one file: less precise, recalls less, slower."""
    behind = []
    for label, mine, theirs in (("precision", ours.precision, peer.precision), ("recall", ours.recall, peer.recall)):
        if theirs is not None and (mine is None or mine < theirs):
            behind.append(f"{label} {_figure(mine).strip()} < {_figure(theirs).strip()}")
    if ours.seconds >= peer.seconds:
        behind.append(f"time {ours.seconds:.1f} s >= {peer.seconds:.1f} s")
    return behind


def _targets(scored: Mapping[str, list[CorpusResult]]) -> list[str]:
    lines = ["target: the project at least as precise, recalling at least as much, and faster, on every file"]
    if OURS not in scored:
        return [*lines, "  not measured: the project's scan did not run"]
    for label, results in scored.items():
        if not label.startswith(TARGETS):
            continue
        behind = {result.corpus: _ahead(mine, result) for mine, result in zip(scored[OURS], results, strict=True)}
        ahead = sum(not reasons for reasons in behind.values())
        lines.append(f"  vs {label:<9} ahead on {ahead}/{len(results)} files" + (":" if ahead < len(results) else ""))
        lines += [f"    not on {corpus}: {', '.join(reasons)}" for corpus, reasons in behind.items() if reasons]
    return lines


def format_report(runs: Sequence[Run], truths: Sequence[Truth]) -> str:
    truth_by_corpus = {truth.corpus: truth for truth in truths}
    scored: dict[str, list[CorpusResult]] = {}
    capped: dict[str, dict[str, bool]] = {}
    for run in runs:
        for label, results in run.scorings(truth_by_corpus).items():
            scored[label] = results
            capped[label] = _capped(run)
    lines = _legend(runs, truths) + [""] + _startup(runs)
    if scored:
        lines += ([""] + _figures("column precision", scored, capped, recall=False)
                  + [""] + _figures("column recall", scored, capped, recall=True)
                  + [""] + _seconds(runs) + [""] + _targets(scored))
    return "\n".join(lines)
