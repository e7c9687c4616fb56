"""The register as open data: JSON, CSV, Atom and the OpenAPI description of the read API. Pure."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from xml.etree import ElementTree

from governance.register.atrs import CSV_COLUMNS, csv_row
from governance.spreadsheets import csv_text

ATOM = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True)
class PublicEntry:
    """What the open data says about one entry version: its content, status and addresses."""
    content: Mapping[str, Any]
    status: str
    url: str
    json_url: str
    published_at: datetime
    withdrawn_at: datetime | None = None
    withdrawn_reason: str | None = None

    def to_json(self) -> dict[str, Any]:
        if self.status == "withdrawn":
            return {"id": self.content["id"], "version": self.content["version"], "status": "withdrawn",
                    "name": self.content["tier_1"]["name"],
                    "organisation": self.content["metadata"]["organisation"],
                    "withdrawn_on": self.withdrawn_at.date().isoformat() if self.withdrawn_at else None,
                    "withdrawn_reason": self.withdrawn_reason, "url": self.url}
        return {"status": self.status, "url": self.url, "json_url": self.json_url, "entry": dict(self.content)}


def register_json(entries: Sequence[PublicEntry], withdrawn: Sequence[PublicEntry], schema_url: str) -> dict[str, Any]:
    return {"schema": schema_url, "count": len(entries), "entries": [entry.to_json() for entry in entries],
            "withdrawn": [entry.to_json() for entry in withdrawn]}


def register_csv(entries: Iterable[PublicEntry]) -> str:
    """One row per current entry, columns in ATRS template order."""
    rows = (csv_row(entry.content, entry.status, None, None) for entry in entries)
    return csv_text(CSV_COLUMNS, ([row[column] for column in CSV_COLUMNS] for row in rows))


@dataclass(frozen=True)
class FeedItem:
    id: str
    title: str
    url: str
    at: datetime
    summary: str


def atom_feed(title: str, feed_url: str, site_url: str, items: Sequence[FeedItem]) -> bytes:
    """An Atom feed; ElementTree escapes every value."""
    ElementTree.register_namespace("", ATOM)
    feed = ElementTree.Element(f"{{{ATOM}}}feed")
    ElementTree.SubElement(feed, f"{{{ATOM}}}title").text = title
    ElementTree.SubElement(feed, f"{{{ATOM}}}id").text = feed_url
    ElementTree.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=feed_url)
    ElementTree.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=site_url)
    updated = max((item.at for item in items), default=None)
    ElementTree.SubElement(feed, f"{{{ATOM}}}updated").text = (updated or datetime(2026, 1, 1)).isoformat()
    for item in items:
        element = ElementTree.SubElement(feed, f"{{{ATOM}}}entry")
        ElementTree.SubElement(element, f"{{{ATOM}}}id").text = item.id
        ElementTree.SubElement(element, f"{{{ATOM}}}title").text = item.title
        ElementTree.SubElement(element, f"{{{ATOM}}}link", rel="alternate", href=item.url)
        ElementTree.SubElement(element, f"{{{ATOM}}}updated").text = item.at.isoformat()
        ElementTree.SubElement(element, f"{{{ATOM}}}summary").text = item.summary
    document: bytes = ElementTree.tostring(feed, encoding="utf-8", xml_declaration=True)  # bytes for any encoding
    return document


def openapi(base_url: str, schema_url: str) -> dict[str, Any]:
    """The read API, described for tools that generate clients."""
    filters = [{"name": name, "in": "query", "required": False, "schema": {"type": "string"}, "description": text}
               for name, text in (("q", "Words that must all appear in the entry"),
                                  ("organisation", "Organisation slug, e.g. south-shire"),
                                  ("phase", "Phase, as in the entries"), ("function", "Function (service area)"),
                                  ("risk_level", "Impact level: I, II, III or IV"),
                                  ("supplier", "Part of a supplier or product name"),
                                  ("capability", "Part of a capability"))]
    paging = [{"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
              {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100,
                                                                "default": 20}}]
    return {
        "openapi": "3.1.0",
        "info": {"title": "Algorithmic transparency register", "version": "1.0.0",
                 "description": "Read-only access to published entries, aligned with the UK Algorithmic "
                                "Transparency Recording Standard. Open to any origin; no authentication."},
        "servers": [{"url": base_url}],
        "paths": {
            "/api/v1/entries": {"get": {
                "summary": "List current entries, newest first", "parameters": filters + paging,
                "responses": {"200": {"description": "A page of entries", "content": {"application/json": {
                    "schema": {"type": "object", "properties": {
                        "total": {"type": "integer"}, "page": {"type": "integer"}, "per_page": {"type": "integer"},
                        "entries": {"type": "array", "items": {"$ref": schema_url}}}}}}},
                    "304": {"description": "Not modified since the ETag or date given"}}}},
            "/api/v1/entries/{organisation}/{reference}": {"get": {
                "summary": "Get the current version of one entry",
                "parameters": [{"name": "organisation", "in": "path", "required": True, "schema": {"type": "string"}},
                               {"name": "reference", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "The entry", "content": {"application/json": {
                    "schema": {"$ref": schema_url}}}},
                    "404": {"description": "No such entry"}, "410": {"description": "The entry was withdrawn"}}}},
        },
    }
