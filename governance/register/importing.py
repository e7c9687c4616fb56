"""Import another instance's `/register.json` into the read-only "other councils" collection.

Everything is checked before anything is written: one bad entry and nothing is imported, with a report
of what is wrong and where. A source's earlier import is replaced as a whole.
"""

from __future__ import annotations

import ipaddress
import json
import socket
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from sqlalchemy import CursorResult, delete
from sqlalchemy.orm import Session

from governance.register.models import ImportedEntry
from governance.register.schema import entry_problems
from governance.register.services import mark_changed

MAX_BYTES = 50 * 1024 * 1024
MAX_ENTRIES = 20_000
MAX_PROBLEMS = 20
TIMEOUT_SECONDS = 30


class ImportRefused(Exception):
    """Nothing was imported; `problems` says why."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems[:3]))
        self.problems = problems


def read_source(location: str, allow_private: bool = False) -> bytes:
    """The bytes of a file or an http(s) address, refusing anything larger than MAX_BYTES.

    An address (and every address it redirects to) must be public: loopback, private, link-local and
    other reserved addresses are refused unless `allow_private`, so an import cannot be aimed at the
    service's own network (a metadata endpoint, an admin interface behind the firewall).
    """
    if location.startswith(("http://", "https://")):
        _check_address(location, allow_private)
        opener = urllib.request.build_opener(_CheckedRedirects(allow_private))
        request = urllib.request.Request(location, headers={"Accept": "application/json"})
        try:
            with opener.open(request, timeout=TIMEOUT_SECONDS) as response:  # http(s) only, checked above
                content = response.read(MAX_BYTES + 1)
        except OSError as error:
            raise ImportRefused([f"cannot fetch {location}: {getattr(error, 'reason', None) or error}"]) from error
    elif "://" in location:
        raise ImportRefused(["only files and http(s) addresses can be imported"])
    else:
        try:
            with Path(location).open("rb") as handle:
                content = handle.read(MAX_BYTES + 1)
        except OSError as error:
            raise ImportRefused([f"cannot read {location}: {error.strerror or error}"]) from error
    if len(content) > MAX_BYTES:
        raise ImportRefused([f"the register is larger than {MAX_BYTES // (1024 * 1024)} MB"])
    return content


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to another public http(s) address."""

    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    def redirect_request(self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: Any,
                         newurl: str) -> urllib.request.Request | None:
        if not newurl.startswith(("http://", "https://")):
            raise ImportRefused([f"{req.full_url} redirects to {newurl}, which is not an http(s) address"])
        _check_address(newurl, self.allow_private)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _check_address(url: str, allow_private: bool) -> None:
    host = urllib.parse.urlsplit(url).hostname
    if not host:
        raise ImportRefused([f"{url} names no host"])
    if allow_private:
        return
    try:
        addresses = {str(info[4][0]) for info in socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)}
    except OSError as error:
        raise ImportRefused([f"cannot find {host}: {error}"]) from error
    private = sorted(address for address in addresses if not ipaddress.ip_address(address.split("%")[0]).is_global)
    if private:
        raise ImportRefused([f"{host} is a private or local address ({', '.join(private)}): pass "
                             "--allow-private-addresses to import from your own network"])


@dataclass(frozen=True)
class Parsed:
    entries: list[dict[str, Any]]


def parse_register(content: bytes) -> Parsed:
    """The entries of a `/register.json` document, each valid against the entry schema. Raises ImportRefused."""
    try:
        document = json.loads(content)
    except (ValueError, RecursionError) as error:
        raise ImportRefused([f"not JSON: {str(error)[:200]}"]) from error
    if not isinstance(document, dict) or not isinstance(document.get("entries"), list):
        raise ImportRefused(['expected a register document: an object with a list called "entries"'])
    items = document["entries"]
    if len(items) > MAX_ENTRIES:
        raise ImportRefused([f"more than {MAX_ENTRIES:,} entries"])
    problems: list[str] = []
    entries: list[dict[str, Any]] = []
    seen: set[str] = set()
    for number, item in enumerate(items, start=1):
        entry = item.get("entry") if isinstance(item, dict) else None
        if not isinstance(entry, dict):
            problems.append(f'entry {number}: "entry" must be an object')
        elif found := entry_problems(entry):
            problems += [f"entry {number}: {problem}" for problem in found]
        elif entry["id"] in seen:
            problems.append(f"entry {number}: {entry['id']} appears twice")
        else:
            seen.add(entry["id"])
            entries.append(entry)
        if len(problems) >= MAX_PROBLEMS:
            break
    if problems:
        raise ImportRefused(problems)
    return Parsed(entries)


def store(session: Session, source: str, parsed: Parsed) -> tuple[int, int]:
    """Replace the source's earlier import with these entries; returns (imported, replaced)."""
    # A DELETE gives a CursorResult, which has the row count; Session.execute is typed for any statement.
    result = cast("CursorResult[Any]", session.execute(delete(ImportedEntry).where(ImportedEntry.source == source)))
    replaced = result.rowcount or 0
    for entry in parsed.entries:
        session.add(ImportedEntry(
            source=source[:500], entry_id=entry["id"], organisation=entry["metadata"]["organisation"][:300],
            name=(entry["tier_1"]["name"] or entry["reference"])[:300],
            suppliers="; ".join(entry["suppliers"])[:1000], products="; ".join(entry["products"])[:1000],
            content=entry))
    session.flush()
    mark_changed(session)
    return len(parsed.entries), replaced
