"""Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2) for every municipality.

jurisdiction_id is the municipality's slug, service_code a category's code and
service_request_id the message's tracking code. Contact details are accepted on POST
and never returned.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.etree.ElementTree import Element, SubElement, tostring

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ravabet.network.models import Municipality

from ..actions import Submission, ensure_categories, submit_message
from ..models import OPEN_STATUSES, ApiKey, Category, Channel, Kind, Message, Status, hash_key
from ..validators import normalize_mobile

MAX_WINDOW = dt.timedelta(days=90)
MAX_RESULTS = 1000


class Open311Error(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


def _xml(root: str, item: str, rows: list[dict[str, Any]]) -> bytes:
    element = Element(root)
    for row in rows:
        child = SubElement(element, item)
        _fill(child, row)
    return (
        b'<?xml version="1.0" encoding="utf-8"?>' + tostring(element, encoding="unicode").encode()
    )


def _fill(parent: Element, row: dict[str, Any]) -> None:
    for key, value in row.items():
        node = SubElement(parent, key)
        if isinstance(value, dict):
            _fill(node, value)
        elif isinstance(value, list):
            for entry in value:
                name, inner = entry
                sub = SubElement(node, name)
                if isinstance(inner, dict):
                    _fill(sub, inner)
                else:
                    sub.text = str(inner)
        elif value is not None:
            sub_text = str(value).lower() if isinstance(value, bool) else str(value)
            node.text = sub_text


def respond(
    fmt: str, root: str, item: str, rows: list[dict[str, Any]], status: int = 200
) -> HttpResponse:
    if fmt == "xml":
        return HttpResponse(
            _xml(root, item, rows), content_type="text/xml; charset=utf-8", status=status
        )
    return JsonResponse(
        [_as_json(row) for row in rows],
        safe=False,
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


def _as_json(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, list):
            out[key] = [
                inner if not isinstance(inner, dict) else _as_json(inner) for _n, inner in value
            ]
        elif isinstance(value, dict):
            out[key] = _as_json(value)
        else:
            out[key] = value
    return out


def error(fmt: str, status: int, description: str) -> HttpResponse:
    return respond(fmt, "errors", "error", [{"code": status, "description": description}], status)


def handles_errors(view):  # type: ignore[no-untyped-def]
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except Open311Error as failure:
            return error(kwargs.get("fmt", "json"), failure.status, failure.description)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _param(request: HttpRequest, name: str) -> str:
    source = request.POST if request.method == "POST" else request.GET
    return (source.get(name) or "").strip()


def _jurisdiction(request: HttpRequest) -> Municipality:
    slug = _param(request, "jurisdiction_id")
    if not slug:
        raise Open311Error(400, "jurisdiction_id was not provided")
    municipality = Municipality.objects.filter(slug=slug).first()
    if municipality is None:
        raise Open311Error(404, f"jurisdiction_id '{slug}' not found")
    return municipality


def _iso(value: dt.datetime | dt.date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return dt.datetime.combine(
        value, dt.time(23, 59), tzinfo=timezone.get_current_timezone()
    ).isoformat()


def _service(category: Category) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.name_en or category.name,
        "metadata": False,
        "type": "realtime",
        "keywords": category.name_en,
        "group": "",
    }


@require_http_methods(["GET"])
@handles_errors
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    base = request.build_absolute_uri(reverse("voice:open311-root"))
    row = {
        "changeset": "2026-11-26T00:00:00Z",
        "contact": "The public-relations office of each municipality.",
        "key_service": "Ask the municipality's PR office for an api_key.",
        "endpoints": [
            (
                "endpoint",
                {
                    "specification": "http://wiki.open311.org/GeoReport_v2",
                    "url": base,
                    "changeset": "2026-11-26T00:00:00Z",
                    "type": "production",
                    "formats": [("format", "text/xml"), ("format", "application/json")],
                },
            )
        ],
    }
    if fmt == "xml":
        element = Element("discovery")
        _fill(element, row)
        xml = (
            b'<?xml version="1.0" encoding="utf-8"?>'
            + tostring(element, encoding="unicode").encode()
        )
        return HttpResponse(xml, content_type="text/xml; charset=utf-8")
    return JsonResponse(_as_json(row), json_dumps_params={"ensure_ascii": False})


@require_http_methods(["GET"])
@handles_errors
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    municipality = _jurisdiction(request)
    rows = [_service(c) for c in ensure_categories(municipality)]
    return respond(fmt, "services", "service", rows)


@require_http_methods(["GET"])
@handles_errors
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    municipality = _jurisdiction(request)
    if not Category.objects.filter(municipality=municipality, code=code, is_active=True).exists():
        raise Open311Error(404, f"service_code '{code}' not found")
    # Our categories have no extra attributes: the definition lists none.
    row = {"service_code": code, "attributes": []}
    if fmt == "xml":
        element = Element("service_definition")
        _fill(element, row)
        xml = (
            b'<?xml version="1.0" encoding="utf-8"?>'
            + tostring(element, encoding="unicode").encode()
        )
        return HttpResponse(xml, content_type="text/xml; charset=utf-8")
    return JsonResponse(row)


def _request_row(message: Message) -> dict[str, Any]:
    notes = [r.text for r in message.replies.all()]
    return {
        "service_request_id": message.code,
        "status": message.open311_status,
        "status_notes": notes[-1] if notes else message.get_status_display(),
        "service_name": message.category.name,
        "service_code": message.category.code,
        "description": message.text,
        "agency_responsible": message.department.name if message.department else "",
        "service_notice": "",
        "requested_datetime": _iso(message.received_at),
        "updated_datetime": _iso(message.updated_at),
        "expected_datetime": _iso(message.due_on),
        "address": message.address,
        "address_id": "",
        "zipcode": "",
        "lat": str(message.latitude) if message.latitude is not None else "",
        "long": str(message.longitude) if message.longitude is not None else "",
        "media_url": "",
    }


def _date(request: HttpRequest, name: str) -> dt.datetime | None:
    raw = _param(request, name)
    if not raw:
        return None
    try:
        value = parse_datetime(raw.replace(" ", "+"))
    except ValueError:
        value = None
    if value is None:
        raise Open311Error(
            400, f"{name} must be a w3 formatted datetime, e.g. 2026-11-01T00:00:00Z"
        )
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


@csrf_exempt  # Open311 clients are other programs; the api_key authenticates them.
@require_http_methods(["GET", "POST"])
@handles_errors
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    municipality = _jurisdiction(request)
    if request.method == "POST":
        return _create(request, municipality, fmt)
    queryset = (
        Message.objects.for_municipality(municipality).with_related().prefetch_related("replies")
    )
    ids = [i for i in _param(request, "service_request_id").split(",") if i]
    if ids:
        queryset = queryset.filter(code__in=ids)
    else:
        end = _date(request, "end_date") or timezone.now()
        start = _date(request, "start_date") or end - MAX_WINDOW
        if end < start:
            raise Open311Error(400, "end_date is before start_date")
        if end - start > MAX_WINDOW:
            raise Open311Error(400, "start_date and end_date may be at most 90 days apart")
        queryset = queryset.received_between(start, end + dt.timedelta(microseconds=1))
        codes = [c for c in _param(request, "service_code").split(",") if c]
        if codes:
            queryset = queryset.filter(category__code__in=codes)
        statuses = {s for s in _param(request, "status").split(",") if s}
        if statuses - {"open", "closed"}:
            raise Open311Error(400, "status must be open or closed")
        if statuses == {"open"}:
            queryset = queryset.filter(status__in=OPEN_STATUSES)
        elif statuses == {"closed"}:
            queryset = queryset.exclude(status__in=OPEN_STATUSES)
    rows = [_request_row(m) for m in queryset.order_by("-received_at")[:MAX_RESULTS]]
    return respond(fmt, "service_requests", "request", rows)


@require_http_methods(["GET"])
@handles_errors
def request_detail(request: HttpRequest, request_id: str, fmt: str) -> HttpResponse:
    municipality = _jurisdiction(request)
    message = (
        Message.objects.for_municipality(municipality)
        .with_related()
        .prefetch_related("replies")
        .filter(code=request_id)
        .first()
    )
    if message is None:
        raise Open311Error(404, f"service_request_id '{request_id}' not found")
    return respond(fmt, "service_requests", "request", [_request_row(message)])


def _create(request: HttpRequest, municipality: Municipality, fmt: str) -> HttpResponse:
    raw_key = _param(request, "api_key")
    if (
        not raw_key
        or not ApiKey.objects.filter(
            municipality=municipality, key_hash=hash_key(raw_key), is_active=True
        ).exists()
    ):
        raise Open311Error(403, "api_key is missing or not valid for this jurisdiction")
    code = _param(request, "service_code")
    if not code:
        raise Open311Error(400, "service_code was not provided")
    category = Category.objects.filter(municipality=municipality, code=code, is_active=True).first()
    if category is None:
        raise Open311Error(404, f"service_code '{code}' not found")
    description = _param(request, "description")
    if not description:
        raise Open311Error(400, "description was not provided")
    if len(description) > 4000:
        raise Open311Error(400, "description may be at most 4000 characters")
    lat, lon = _param(request, "lat"), _param(request, "long")
    address = _param(request, "address_string")[:300]
    if not address and not (lat and lon):
        raise Open311Error(400, "a location (lat and long, or address_string) is required")
    latitude = longitude = None
    if lat and lon:
        try:
            latitude = Decimal(lat).quantize(Decimal("0.000001"))
            longitude = Decimal(lon).quantize(Decimal("0.000001"))
        except InvalidOperation:
            raise Open311Error(400, "lat and long must be decimal degrees") from None
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise Open311Error(400, "lat and long must be decimal degrees")
    mobile = ""
    if _param(request, "phone"):
        try:
            mobile = normalize_mobile(_param(request, "phone"))
        except ValidationError:
            raise Open311Error(400, "phone must be an Iranian mobile number") from None
    name = f"{_param(request, 'first_name')} {_param(request, 'last_name')}".strip()[:120]
    message, _created = submit_message(
        municipality,
        Submission(
            kind=Kind.REQUEST if category.code != "other" else Kind.COMPLAINT,
            category=category,
            text=description,
            channel=Channel.OPEN311,
            name=name,
            mobile=mobile,
            email=_param(request, "email")[:254] if "@" in _param(request, "email") else "",
            address=address,
            latitude=latitude,
            longitude=longitude,
            share_location=latitude is not None,
            consent=True,
        ),
    )
    row = {
        "service_request_id": message.code,
        "service_notice": f"Due {message.due_on.isoformat()}",
        "account_id": None,
    }
    return respond(fmt, "service_requests", "request", [row], status=201)


__all__ = ["Q", "Status"]
