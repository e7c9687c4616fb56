"""Snapshot -> HTML -> PDF with WeasyPrint. Pure: no Flask, no database.

Everything in a snapshot may have been typed by a user, so the template autoescapes, and the
fetcher refuses every resource outside this package's own static folder: an answer can never make
the renderer read a file or call a server.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from jinja2 import Environment, FileSystemLoader, select_autoescape

from governance.records.snapshot import ATTACHMENT_NAME, canonical_json
from governance.scanning.entities import ENTITY_LABELS

PACKAGE = Path(__file__).parent
STATIC = PACKAGE / "static"
TEMPLATES = PACKAGE / "templates"


class RefusedResource(ValueError):
    pass


def _environment() -> Environment:
    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True))
    environment.filters["long_date"] = long_date
    environment.filters["entity_words"] = lambda entity: ENTITY_LABELS.get(entity, entity)
    environment.filters["percent"] = lambda share: f"{share:.0%}" if share >= 0.1 else f"{share:.1%}"
    return environment


def long_date(value: str | None) -> str:
    if not value:
        return ""
    return date.fromisoformat(value[:10]).strftime("%-d %B %Y")


def render_html(snapshot: Mapping[str, Any], development: bool) -> str:
    return _environment().get_template("record.html").render(record=snapshot, development=development)


def local_static_fetcher() -> Any:
    """A WeasyPrint URL fetcher that serves files from the records static folder and refuses the rest."""
    from weasyprint.urls import URLFetcher

    class LocalStaticFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no types, so its classes are Any
        def fetch(self, url: str, headers: Any = None) -> Any:
            parsed = urlparse(url)
            path = Path(unquote(parsed.path)).resolve() if parsed.scheme == "file" else None
            if path is None or not path.is_relative_to(STATIC.resolve()) or not path.is_file():
                raise RefusedResource(f"resource refused: {parsed.scheme or 'relative'} address")
            return super().fetch(url, headers)

    return LocalStaticFetcher(allowed_protocols=("file",))


def render_pdf(snapshot: Mapping[str, Any], development: bool) -> bytes:
    """The record as a tagged PDF with its canonical JSON attached."""
    from weasyprint import HTML, Attachment

    fetcher = local_static_fetcher()
    attachment = Attachment(string=canonical_json(snapshot).decode(), name=ATTACHMENT_NAME,
                            description="The record's content as canonical JSON", url_fetcher=fetcher,
                            base_url=STATIC.as_uri() + "/")
    document = HTML(string=render_html(snapshot, development), base_url=STATIC.as_uri() + "/", url_fetcher=fetcher)
    pdf: bytes = document.write_pdf(attachments=[attachment], pdf_tags=True)
    return pdf
