"""Register benchmark: 10,000 published entries in PostgreSQL, served by gunicorn; requests/s and p95
latency at 20 concurrent clients for the index, a filtered search, an entry page and /register.json,
each beside a static file of the same size served by the same server in the same run.
"""

from __future__ import annotations

import http.client
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import create_engine, insert, text

from governance import migrate
from governance.accounts.passwords import hash_password
from governance.questionnaire.examples import example_answers
from governance.questionnaire.loader import load_all
from governance.register.atrs import Publisher, build_entry, search_text

ENTRIES = int(os.environ.get("GOVERNANCE_BENCH_REGISTER_ENTRIES", 10_000))
CLIENTS = 20
SECONDS = 5.0
ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
PROJECT = Path(__file__).resolve().parent.parent
STATIC = PROJECT / "governance" / "static"
SUPPLIERS = ["Acme Analytics Ltd", "Brightline AI", "Civic Models plc", "Dataworks UK", "Evergreen Software"]
FUNCTIONS = ["Housing", "Waste", "Parking", "Council tax", "Adult social care", "Planning"]


def _database() -> tuple[str, str]:
    name = f"governance_bench_{uuid.uuid4().hex[:8]}"
    engine = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return name, ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


def _drop(name: str) -> None:
    engine = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def _seed(url: str) -> str:
    """ENTRIES published entries across three councils; returns one entry's public id."""
    questionnaire = load_all(PROJECT / "questionnaires")["ai-use-case-assessment@1.0"]
    now = datetime.now(UTC)
    engine = create_engine(url)
    organisations, users, use_cases, assessments, entries = [], [], [], [], []
    councils = [("South Shire Council", "south-shire"), ("North Vale Council", "north-vale"),
                ("East Fen District Council", "east-fen")]
    for name, slug in councils:
        organisation_id, user_id = uuid.uuid4(), uuid.uuid4()
        organisations.append({"id": organisation_id, "name": name, "slug": slug, "atrs_organisation_type":
                              "Local authority", "website": None, "contact_email": f"ai@{slug}.example",
                              "created_at_utc": now})
        users.append({"id": user_id, "organisation_id": organisation_id, "email": f"officer@{slug}.example",
                      "name": "Bench Officer", "password_hash": hash_password(secrets.token_urlsafe(16)),
                      "active": True, "must_change_password": False, "session_token": secrets.token_urlsafe(16),
                      "created_at_utc": now})
    for number in range(ENTRIES):
        organisation, user = organisations[number % 3], users[number % 3]
        supplier, function = SUPPLIERS[number % len(SUPPLIERS)], FUNCTIONS[number % len(FUNCTIONS)]
        reference = f"AI-2026-{number:05d}"
        answers = example_answers(questionnaire, date.today(), {
            "tool-name": f"{function} assistant {number}", "third-party-involved": "yes",
            "suppliers": [{"supplier-name": supplier, "companies-house-number": f"{number:08d}",
                           "supplier-role": "Builds and runs the tool"}]})
        content = build_entry(questionnaire, answers, Publisher(organisation["name"], organisation["slug"],
                                                                 "Local authority", organisation["contact_email"],
                                                                 None),
                              reference=reference, version=1, published_on=date.today(), risk_level="II")
        use_case_id, assessment_id = uuid.uuid4(), uuid.uuid4()
        use_cases.append({"id": use_case_id, "organisation_id": organisation["id"], "reference": reference,
                          "title": content["tier_1"]["name"], "service_area": function, "phase": "pilot",
                          "owner_id": user["id"], "created_at_utc": now})
        assessments.append({"id": assessment_id, "use_case_id": use_case_id, "version_number": 1,
                            "questionnaire_id": questionnaire.id, "questionnaire_version": questionnaire.version,
                            "questionnaire_sha256": questionnaire.sha256, "answers": {}, "status": "approved",
                            "created_by_id": user["id"], "created_at_utc": now, "updated_at_utc": now,
                            "review_round": 1, "lock_version": 1})
        entries.append({"id": uuid.uuid4(), "organisation_id": organisation["id"], "use_case_id": use_case_id,
                        "assessment_id": assessment_id, "public_id": content["id"], "version": 1,
                        "status": "published", "content": content, "search_text": search_text(content),
                        "name": content["tier_1"]["name"], "function": content["metadata"]["function"],
                        "phase": content["metadata"]["phase"], "capability": content["metadata"]["capability"],
                        "risk_level": "II", "suppliers": supplier, "published_at_utc": now,
                        "published_by_id": user["id"], "changed_at_utc": now})
    from governance.models import Assessment, Organisation, RegisterEntry, UseCase, User

    with engine.begin() as connection:
        connection.execute(insert(Organisation.__table__), organisations)
        connection.execute(insert(User.__table__), users)
        for table, rows in ((UseCase.__table__, use_cases), (Assessment.__table__, assessments),
                            (RegisterEntry.__table__, entries)):
            for start in range(0, len(rows), 2000):
                connection.execute(insert(table), rows[start:start + 2000])
    engine.dispose()
    return entries[len(entries) // 2]["public_id"]


def _get(port: int, path: str) -> bytes:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"{path} answered {response.status}")
    return body


def _load(port: int, path: str) -> tuple[float, float, int]:
    """CLIENTS keep-alive clients for SECONDS: (requests per second, p95 in ms, requests)."""
    latencies: list[float] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + SECONDS

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine = []
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            mine.append(time.perf_counter() - started)
        connection.close()
        with lock:
            latencies.extend(mine)

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    p95 = statistics.quantiles(latencies, n=20)[-1] * 1000 if len(latencies) >= 20 else max(latencies) * 1000
    return len(latencies) / elapsed, p95, len(latencies)


def _wait(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            _get(port, "/healthz")
            return
        except (OSError, RuntimeError):
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def run() -> None:
    name, url = _database()
    folder = Path(tempfile.mkdtemp())
    static_folder = STATIC / f"bench-{uuid.uuid4().hex[:8]}"
    server = None
    try:
        migrate.upgrade(url)
        seeded = time.perf_counter()
        entry_id = _seed(url)
        seed_seconds = time.perf_counter() - seeded
        port = 18000 + os.getpid() % 1000
        environment = {**os.environ, "DATABASE_URL": url, "GOVERNANCE_INSTANCE_PATH": str(folder),
                       "SECRET_KEY": secrets.token_urlsafe(40), "LOG_LEVEL": "WARNING"}
        server = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "--workers", "2", "--threads", "4",
                                   "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "wsgi:app"],
                                  cwd=PROJECT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _wait(port)
        organisation, reference = entry_id.split("/")
        pages = {"index": "/register", "filtered search": "/register?q=assistant&function=Housing&risk_level=II",
                 "entry page": f"/register/{organisation}/{reference}", "/register.json": "/register.json"}
        static_folder.mkdir()
        print(f"register: {ENTRIES:,} published entries in PostgreSQL (seeded in {seed_seconds:.0f} s), gunicorn "
              f"2 workers x 4 threads, {CLIENTS} concurrent clients, {SECONDS:.0f} s per measurement")
        for label, path in pages.items():
            body = _get(port, path)  # also warms any cache, as a real register would be
            static_path = static_folder / f"{label.replace(' ', '-').strip('/')}.bin"
            static_path.write_bytes(os.urandom(len(body)))
            static_url = f"/static/{static_folder.name}/{static_path.name}"
            _get(port, static_url)
            static_rate, static_p95, _ = _load(port, static_url)
            rate, p95, _ = _load(port, path)
            print(f"  {label:16s} {len(body) / 1024:8,.0f} KB: {rate:7,.1f} req/s, p95 {p95:6.1f} ms | static file "
                  f"of the same size {static_rate:7,.1f} req/s, p95 {static_p95:6.1f} ms | "
                  f"{static_rate / rate:.2f}x slower than static (target <= 2x), p95 target < 100 ms")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(static_folder, ignore_errors=True)
        shutil.rmtree(folder, ignore_errors=True)
        _drop(name)


if __name__ == "__main__":
    run()
