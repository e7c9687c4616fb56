"""A small per-process cache of public register responses, keyed by the register's freshness tag, so a
page or export is built once per change instead of once per request.

Only anonymous requests use it (signed-in pages carry a name and a sign-out form). HTML is stored with a
placeholder where the CSP nonce goes and gets the request's own nonce when served, so every response
still has a fresh nonce.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

from flask import current_app, g, session
from flask_login import current_user

from governance.db import end_reading

NONCE_PLACEHOLDER = "governance-nonce-placeholder"
MAX_BYTES = 256 * 1024 * 1024
MAX_ITEM_BYTES = 128 * 1024 * 1024


# A cached response: its media type, its Content-Disposition (or None) and its body.
Cached = tuple[str, str | None, bytes]


class ResponseCache:
    """Least recently used entries go first once the bodies pass `max_bytes`."""

    def __init__(self, max_bytes: int = MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self._items: OrderedDict[tuple[str, str], Cached] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self._building: dict[tuple[str, str], threading.Lock] = {}

    def get(self, key: tuple[str, str]) -> Cached | None:
        with self._lock:
            item = self._items.get(key)
            if item is not None:
                self._items.move_to_end(key)
            return item

    def get_or_build(self, key: tuple[str, str], build: Callable[[], Cached]) -> Cached:
        """The cached item, built once however many requests ask for it at the same moment."""
        item = self.get(key)
        if item is not None:
            return item
        with self._lock:
            building = self._building.setdefault(key, threading.Lock())
        try:
            with building:
                item = self.get(key)
                if item is None:
                    item = build()
                    self.put(key, item)
                return item
        finally:
            with self._lock:
                self._building.pop(key, None)

    def put(self, key: tuple[str, str], item: Cached) -> None:
        if len(item[2]) > MAX_ITEM_BYTES:
            return
        with self._lock:
            if key in self._items:
                return
            self._items[key] = item
            self._size += len(item[2])
            while self._size > self.max_bytes and self._items:
                _key, dropped = self._items.popitem(last=False)
                self._size -= len(dropped[2])


def response_cache() -> ResponseCache:
    """This application's cache (one per app, so two apps in one process never share entries)."""
    cache: ResponseCache = current_app.extensions.setdefault("register.cache", ResponseCache())
    return cache


def cacheable() -> bool:
    """Anonymous, with nothing flashed: the response is the same for everyone."""
    return not current_user.is_authenticated and not session.get("_flashes")


def cached_html(key: tuple[str, str], render: Callable[[], str]) -> str:
    """The page, rendered once per key with a placeholder nonce, served with this request's nonce."""
    if not cacheable():
        return render()

    def render_with_placeholder() -> Cached:
        nonce = g.csp_nonce
        g.csp_nonce = NONCE_PLACEHOLDER
        try:
            return "text/html", None, render().encode()
        finally:
            g.csp_nonce = nonce

    cached = response_cache().get_or_build(key, render_with_placeholder)
    end_reading()
    return cached[2].decode().replace(NONCE_PLACEHOLDER, g.csp_nonce)
