"""`make bench`: timings of the foundation's hot paths, each against a baseline from the same run.

- page rendering: the sign-in page (GOV.UK template, CSRF, CSP) against /healthz (one SELECT 1)
- audit verification: verifying N events against only reading the same N rows
- the public register under load, against static files of the same size (benchmarks/register.py)
- the personal-data scanner on generated data, against merely reading it and against naive per-cell Presidio;
  on a large file (about 1 GB), against pyarrow merely reading it into columns, with its peak memory and the
  columns it flags against those of a 100 MB slice (benchmarks/scanner.py)
- one `governance scan` process over the evaluation corpus at 20x its rows (about 156,000), start-up included,
  against naive per-cell Presidio measured on each file's first rows and extrapolated
  (benchmarks/scanner_speed.py)
- the scanner's column precision and recall on the evaluation corpus (benchmarks/scanner_evaluation.py)
- the scanner beside naive per-cell Presidio, presidio-structured and datafog on that corpus: precision,
  recall, start-up and time per file (benchmarks/peers.py)
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select

from governance import create_app, migrate
from governance.audit import AuditEvent, record_event
from governance.audit_verification import verify_audit_log
from governance.db import transaction

REQUESTS = 300
EVENTS = 3000


def _best_of(runs: int, work: Callable[[], object]) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        timings.append(time.perf_counter() - started)
    return min(timings)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        database = f"sqlite:///{Path(folder) / 'bench.db'}"
        migrate.upgrade(database)
        app = create_app({"TESTING": True, "DATABASE_URL": database},
                         environ={"GOVERNANCE_INSTANCE_PATH": folder})
        client = app.test_client()

        def pages(path: str) -> Callable[[], None]:
            return lambda: [client.get(path) for _ in range(REQUESTS)]

        baseline = _best_of(3, pages("/healthz"))
        sign_in = _best_of(3, pages("/sign-in"))
        print(f"pages: /healthz {REQUESTS / baseline:,.0f} req/s (baseline); "
              f"/sign-in {REQUESTS / sign_in:,.0f} req/s = {sign_in / baseline:.1f}x the baseline's time")

        with app.app_context(), transaction() as session:
            for number in range(EVENTS):
                record_event(session, kind="benchmark", organisation_id=None, payload={"n": number})
        with app.app_context(), transaction() as session:
            read = _best_of(3, lambda: list(session.scalars(select(AuditEvent).order_by(AuditEvent.id))))
            verify = _best_of(3, lambda: verify_audit_log(session))
        print(f"audit: reading {EVENTS} events {EVENTS / read:,.0f} events/s (baseline); "
              f"verifying {EVENTS / verify:,.0f} events/s = {verify / read:.1f}x the baseline's time")


if __name__ == "__main__":
    main()
    from benchmarks import peers, register, scanner, scanner_evaluation, scanner_speed

    register.run()
    scanner_evaluation.run()
    peers.run()
    scanner.run()
    scanner_speed.run()
