"""The public register (no sign-in): pages, open data, feed, schema and the read API."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from flask import Blueprint, Response, abort, render_template, request
from flask.typing import ResponseReturnValue

from governance.addresses import public_base, public_url
from governance.db import end_reading, get_session
from governance.register import services
from governance.register.atrs import METADATA_FIELDS, TIER_1, TIER_2
from governance.register.cache import Cached, cached_html, response_cache
from governance.register.exports import FeedItem, PublicEntry, atom_feed, openapi, register_csv, register_json
from governance.register.schema import entry_schema
from governance.register.status import EntryStatus
from governance.security import public

if TYPE_CHECKING:
    # For annotations only: views get entries from services and never query (see [tool.importlinter]).
    from governance.register.models import RegisterEntry

register = Blueprint("register", __name__)
MAX_QUERY = 200
OPEN_DATA_CACHE = "public, max-age=60"
FEED_LENGTH = 50


def _filters(organisation: str | None = None) -> services.Filters:
    def arg(name: str) -> str | None:
        value = (request.args.get(name) or "").strip()[:MAX_QUERY]
        return value or None

    return services.Filters(organisation=organisation or arg("organisation"), q=arg("q"), phase=arg("phase"),
                            function=arg("function"), risk_level=arg("risk_level"), supplier=arg("supplier"),
                            capability=arg("capability"))


def _page() -> int:
    try:
        return max(1, min(int(request.args.get("page", "1")), 10_000))
    except ValueError:
        return 1


def _public(entry: RegisterEntry) -> PublicEntry:
    organisation, reference = entry.public_id.split("/", 1)
    return PublicEntry(entry.content, entry.status,
                       public_url("register.entry", org_slug=organisation, reference=reference),
                       public_url("register.entry_json", org_slug=organisation, reference=reference),
                       entry.published_at_utc, entry.withdrawn_at_utc, entry.withdrawn_reason)


def _open_data(scope: str, build: Callable[[], Response], organisation: str | None = None) -> Response:
    """Answer 304 when the client already has the current version; otherwise build and tag the response."""
    fresh = services.freshness(get_session(), scope, organisation)
    since = request.if_modified_since
    not_modified = fresh.etag in request.if_none_match or (
        not request.if_none_match and since is not None and fresh.last_modified is not None
        and fresh.last_modified.replace(microsecond=0) <= since)
    if not_modified:
        response = Response(status=304)
    else:
        response = _cached_open_data((scope, fresh.etag), build)
    response.set_etag(fresh.etag)
    if fresh.last_modified is not None:
        response.last_modified = fresh.last_modified
    response.headers["Cache-Control"] = OPEN_DATA_CACHE
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


class _NotCacheable(Exception):
    def __init__(self, response: Response) -> None:
        super().__init__(response.status)
        self.response = response


def _cacheable(response: Response) -> Cached:
    """Open data is the same for everyone: a successful body is kept until the register changes."""
    if response.status_code != 200:
        raise _NotCacheable(response)
    return (response.mimetype or "application/octet-stream", response.headers.get("Content-Disposition"),
            response.get_data())


def _cached_open_data(key: tuple[str, str], build: Callable[[], Response]) -> Response:
    try:
        mimetype, disposition, body = response_cache().get_or_build(key, lambda: _cacheable(build()))
    except _NotCacheable as refused:
        return refused.response
    end_reading()
    response = Response(body, mimetype=mimetype)
    if disposition:
        response.headers["Content-Disposition"] = disposition
    return response


def _json(document: Any, status: int = 200) -> Response:
    return Response(json.dumps(document, ensure_ascii=False, indent=1), status=status, mimetype="application/json")


def _page_key() -> tuple[str, str]:
    return request.full_path, services.freshness(get_session(), "pages").etag


def _index(organisation: str | None) -> ResponseReturnValue:
    session = get_session()
    owner = services.organisation_by_slug(session, organisation) if organisation else None

    def render() -> str:
        filters = _filters(organisation)
        entries, total = services.search(session, filters, _page())
        pages = max(1, (total + services.PAGE_SIZE - 1) // services.PAGE_SIZE)
        return render_template("register/index.html", entries=entries, total=total, page=_page(), pages=pages,
                               filters=filters, owner=owner, facets=services.facet_values(session, organisation),
                               tombstones=services.tombstones(session, organisation)[:10])

    return cached_html(_page_key(), render)


@register.route("/register")
@public
def index() -> ResponseReturnValue:
    return _index(None)


@register.route("/register/<org_slug>")
@public
def organisation_index(org_slug: str) -> ResponseReturnValue:
    return _index(org_slug)


def _versions(org_slug: str, reference: str) -> list[RegisterEntry]:
    return services.versions(get_session(), f"{org_slug}/{reference}")


@register.route("/register/<org_slug>/<reference>")
@public
def entry(org_slug: str, reference: str) -> ResponseReturnValue:
    def render() -> str:
        # Inside the cached part: a missing entry raises NotFound, which is never cached.
        versions = _versions(org_slug, reference)
        wanted = request.args.get("version", type=int)
        shown = next((item for item in versions if item.version == wanted), None) if wanted else versions[0]
        if shown is None:
            abort(404)
        related = services.other_councils(get_session(), shown) if shown.status != EntryStatus.WITHDRAWN else []
        return render_template("register/entry.html", entry=shown, content=shown.content, versions=versions,
                               latest=versions[0], related=related, tier_1=TIER_1, tier_2=TIER_2,
                               metadata_fields=METADATA_FIELDS)

    return cached_html(_page_key(), render)


@register.route("/register/<org_slug>/<reference>.json")
@public
def entry_json(org_slug: str, reference: str) -> ResponseReturnValue:
    latest = _versions(org_slug, reference)[0]
    return _open_data(f"entry:{latest.public_id}", lambda: _json(_public(latest).to_json()), org_slug)


@register.route("/register.json")
@public
def register_json_view() -> ResponseReturnValue:
    def build() -> Response:
        session = get_session()
        return _json(register_json([_public(item) for item in services.current_entries(session)],
                                   [_public(item) for item in services.tombstones(session)],
                                   public_url("register.schema")))

    return _open_data("register.json", build)


@register.route("/register.csv")
@public
def register_csv_view() -> ResponseReturnValue:
    def build() -> Response:
        entries = [_public(item) for item in services.current_entries(get_session())]
        response = Response(register_csv(entries), mimetype="text/csv")
        response.headers["Content-Disposition"] = 'attachment; filename="register.csv"'
        return response

    return _open_data("register.csv", build)


def _feed_items(entries: list[RegisterEntry]) -> list[FeedItem]:
    items = []
    for item in entries:
        public_entry = _public(item)
        name = item.content["tier_1"]["name"] or item.name
        organisation = item.content["metadata"]["organisation"]
        items.append(FeedItem(f"{public_entry.url}#v{item.version}", f"Published: {name} ({organisation})",
                              public_entry.url, item.published_at_utc,
                              f"Version {item.version} of the entry was published."))
        if item.withdrawn_at_utc:
            items.append(FeedItem(f"{public_entry.url}#withdrawn", f"Withdrawn: {name} ({organisation})",
                                  public_entry.url, item.withdrawn_at_utc, item.withdrawn_reason or ""))
    return sorted(items, key=lambda feed_item: feed_item.at, reverse=True)[:FEED_LENGTH]


@register.route("/register/feed.atom")
@public
def feed() -> ResponseReturnValue:
    def build() -> Response:
        recent = services.recent_changes(get_session(), FEED_LENGTH)
        body = atom_feed("AI register: publications and withdrawals", public_url("register.feed"),
                         public_url("register.index"), _feed_items(recent))
        return Response(body, mimetype="application/atom+xml")

    return _open_data("feed", build)


def _fixed_document(document: Any) -> Response:
    """A document that changes only with a new release: cacheable and open to any origin."""
    response = _json(document)
    response.headers["Cache-Control"] = OPEN_DATA_CACHE
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@register.route("/register/schema/entry.json")
@public
def schema() -> ResponseReturnValue:
    return _fixed_document(entry_schema())


@register.route("/register/openapi.json")
@public
def openapi_document() -> ResponseReturnValue:
    return _fixed_document(openapi(public_base(), public_url("register.schema")))


@register.route("/api/v1/entries")
@public
def api_list() -> ResponseReturnValue:
    per_page = request.args.get("per_page", services.PAGE_SIZE, type=int) or services.PAGE_SIZE

    def build() -> Response:
        entries, total = services.search(get_session(), _filters(), _page(), per_page)
        return _json({"total": total, "page": _page(), "per_page": min(max(per_page, 1), services.MAX_PAGE_SIZE),
                      "entries": [dict(item.content) for item in entries]})

    return _open_data(f"api:{request.query_string.decode(errors='replace')}", build)


@register.route("/api/v1/entries/<org_slug>/<reference>")
@public
def api_get(org_slug: str, reference: str) -> ResponseReturnValue:
    latest = _versions(org_slug, reference)[0]
    if latest.status == EntryStatus.WITHDRAWN:
        return _open_data(f"api-entry:{latest.public_id}", lambda: _json(_public(latest).to_json(), 410), org_slug)
    return _open_data(f"api-entry:{latest.public_id}", lambda: _json(dict(latest.content)), org_slug)
