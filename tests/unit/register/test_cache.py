"""The register's response cache: built once when many ask at once, and bounded in size."""

from __future__ import annotations

import threading
import time

from governance.register.cache import ResponseCache


def test_many_requests_at_once_build_the_item_once() -> None:
    cache, builds = ResponseCache(), []
    start = threading.Barrier(8)

    def build() -> tuple[str, None, bytes]:
        builds.append(1)
        time.sleep(0.05)  # long enough for the others to arrive while it builds
        return "application/json", None, b"{}"

    def ask() -> None:
        start.wait()
        assert cache.get_or_build(("register.json", "tag"), build)[2] == b"{}"

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(builds) == 1


def test_the_least_recently_used_items_go_when_the_cache_is_full() -> None:
    cache = ResponseCache(max_bytes=10)
    cache.put(("a", "1"), ("text/html", None, b"12345"))
    cache.put(("b", "1"), ("text/html", None, b"12345"))
    cache.get(("a", "1"))
    cache.put(("c", "1"), ("text/html", None, b"12345"))

    assert cache.get(("a", "1")) is not None
    assert cache.get(("b", "1")) is None
    assert cache.get(("c", "1")) is not None
