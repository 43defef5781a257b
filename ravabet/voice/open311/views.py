"""Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2) for every municipality.

jurisdiction_id is the municipality's slug, service_code a category's code and
service_request_id the message's public id (random; never the tracking code, which is the
citizen's). Contact details are accepted on POST and never returned.

Who reads what (GET requests):
- with an api_key of the jurisdiction: every message of that municipality, with its text,
  address, exact map point and the office's last answer (never contact details);
- without a key: only messages whose citizen agreed to publication, in categories the
  office made public (never staff conduct). Of those, what the citizen was told would be
  public (forms.ContactForm.public_consent): subject, text, status and roughly where, the
  map point rounded to 0.001 degree (about 100 m). The free-text address (often a home)
  and the office's answers (written to the citizen, who may be named in them) are left
  out. A key that is not the jurisdiction's is refused rather than taken for anonymous, so
  a misconfigured client learns it at once.

The published description of all this is openapi.json next to this module.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, SubElement, tostring

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ravabet.lib.forms import DecimalNumberField
from ravabet.network.models import Municipality

from .. import throttle
from ..actions import Submission, ensure_categories, submit_message
from ..models import OPEN_STATUSES, ApiKey, Category, Channel, Kind, Message, hash_key
from ..validators import normalize_mobile

MAX_WINDOW = dt.timedelta(days=90)
MAX_RESULTS = 1000
# A client that did not hear our answer posts again: the same body from the same key within
# this many seconds (between one and two windows, see _body_tokens) is the same request.
SAME_BODY_SECONDS = 600
MAX_IDEMPOTENCY_KEY = 255
OPENAPI = Path(__file__).with_name("openapi.json")
PUBLIC_PLACES = Decimal("0.001")


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


def _coordinate(value: Decimal | None, full: bool) -> str:
    if value is None:
        return ""
    return str(value if full else value.quantize(PUBLIC_PLACES, rounding=ROUND_HALF_UP))


def _request_row(message: Message, *, full: bool) -> dict[str, Any]:
    """One request; `full` for a key of its municipality, else only what may be public."""
    notes = [r.text for r in message.replies.all()] if full else []
    return {
        "service_request_id": message.public_id,
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
        "address": message.address if full else "",
        "address_id": "",
        "zipcode": "",
        "lat": _coordinate(message.latitude, full),
        "long": _coordinate(message.longitude, full),
        "media_url": "",
    }


def _api_key(request: HttpRequest, municipality: Municipality) -> ApiKey | None:
    """The client's key for this jurisdiction; None without one; 403 for any other key."""
    raw = _param(request, "api_key")
    if not raw:
        return None
    key = ApiKey.objects.filter(key_hash=hash_key(raw), is_active=True).first()
    if key is None or key.municipality_id != municipality.pk:
        raise Open311Error(
            403,
            "api_key is not valid for this jurisdiction; leave it out to read only the "
            "public requests",
        )
    return key


def _readable(request: HttpRequest, municipality: Municipality) -> tuple[Any, bool]:
    """The messages this client may read, and whether it reads them in full."""
    queryset = (
        Message.objects.for_municipality(municipality).with_related().prefetch_related("replies")
    )
    if _api_key(request, municipality) is not None:
        return queryset, True
    return queryset.public(), False


DATE_RANGE = (
    dt.datetime(1900, 1, 1, tzinfo=dt.UTC),
    dt.datetime(9000, 1, 1, tzinfo=dt.UTC),
)


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
    value = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    # Arithmetic on the window (and SQLite's naive UTC) overflows at the ends of datetime's
    # range; no message was received outside these years.
    if not DATE_RANGE[0] <= value <= DATE_RANGE[1]:
        raise Open311Error(400, f"{name} must be between the years 1900 and 9000")
    return value.astimezone(dt.UTC)


@csrf_exempt  # Open311 clients are other programs; the api_key authenticates them.
@require_http_methods(["GET", "POST"])
@handles_errors
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    municipality = _jurisdiction(request)
    if request.method == "POST":
        return _create(request, municipality, fmt)
    queryset, full = _readable(request, municipality)
    ids = [i for i in _param(request, "service_request_id").split(",") if i]
    if ids:
        queryset = queryset.filter(public_id__in=ids[:MAX_RESULTS])
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
    rows = [_request_row(m, full=full) for m in queryset.order_by("-received_at")[:MAX_RESULTS]]
    return respond(fmt, "service_requests", "request", rows)


@require_http_methods(["GET"])
@handles_errors
def request_detail(request: HttpRequest, request_id: str, fmt: str) -> HttpResponse:
    municipality = _jurisdiction(request)
    queryset, full = _readable(request, municipality)
    message = queryset.filter(public_id=request_id).first()
    if message is None:
        raise Open311Error(404, f"service_request_id '{request_id}' not found")
    return respond(fmt, "service_requests", "request", [_request_row(message, full=full)])


@require_http_methods(["GET"])
def openapi(request: HttpRequest) -> HttpResponse:
    """The hand-written OpenAPI 3 description of these endpoints (tests keep it complete)."""
    return HttpResponse(OPENAPI.read_bytes(), content_type="application/json")


def _coordinates(request: HttpRequest) -> tuple[Decimal | None, Decimal | None]:
    lat, lon = _param(request, "lat"), _param(request, "long")
    if not lat and not lon:
        return None, None
    if not (lat and lon):
        raise Open311Error(400, "lat and long must be given together")
    return _degrees(lat, "lat", 90), _degrees(lon, "long", 180)


def _degrees(raw: str, name: str, limit: int) -> Decimal:
    # The same finite, bounded, rounded reading as the forms' coordinates.
    field = DecimalNumberField(decimal_places=6, min_value=-limit, max_value=limit)
    try:
        value = field.clean(raw)
    except ValidationError:
        value = None
    if value is None:
        raise Open311Error(400, f"{name} must be decimal degrees between -{limit} and {limit}")
    return value


def _idempotency_token(request: HttpRequest, key: ApiKey) -> str | None:
    header = request.headers.get("Idempotency-Key", "").strip()
    if not header:
        return None
    if len(header) > MAX_IDEMPOTENCY_KEY or not header.isprintable():
        raise Open311Error(400, "Idempotency-Key must be at most 255 printable characters")
    return hashlib.sha256(f"open311-key:{key.pk}:{header}".encode()).hexdigest()


def _body_tokens(request: HttpRequest, key: ApiKey) -> tuple[str, str]:
    """This window's and the last window's token of the body: a retry just after a window
    turns still finds the first request, and the unique form_token settles a race."""
    fields = sorted((name, value) for name, values in request.POST.lists() for value in values)
    body = json.dumps([f for f in fields if f[0] != "api_key"], ensure_ascii=False)
    window = int(time.time()) // SAME_BODY_SECONDS

    def token(window: int) -> str:
        return hashlib.sha256(f"open311-body:{key.pk}:{window}:{body}".encode()).hexdigest()

    return token(window), token(window - 1)


def _create(request: HttpRequest, municipality: Municipality, fmt: str) -> HttpResponse:
    key = _api_key(request, municipality)
    if key is None:
        raise Open311Error(403, "api_key is missing or not valid for this jurisdiction")
    if throttle.is_limited("open311", str(key.pk)):
        raise Open311Error(429, "too many requests for this api_key; try again in a few minutes")
    throttle.hit("open311", str(key.pk))
    # A retry: with an Idempotency-Key the key alone decides; without one, the same body
    # within the window is the same request. Either way the first record answers.
    idempotency = _idempotency_token(request, key)
    body_now, body_before = _body_tokens(request, key)
    tokens = [idempotency] if idempotency else [body_now, body_before]
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
    latitude, longitude = _coordinates(request)
    address = _param(request, "address_string")[:300]
    if not address and latitude is None:
        raise Open311Error(400, "a location (lat and long, or address_string) is required")
    mobile = ""
    if _param(request, "phone"):
        try:
            mobile = normalize_mobile(_param(request, "phone"))
        except ValidationError:
            raise Open311Error(400, "phone must be an Iranian mobile number") from None
    first = Message.objects.filter(municipality=municipality, form_token__in=tokens).first()
    if first is None:
        name = f"{_param(request, 'first_name')} {_param(request, 'last_name')}".strip()[:120]
        first, _created = submit_message(
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
                # An Open311 client asks its users nothing about publication here.
                public_consent=False,
                form_token=tokens[0],
            ),
        )
    elif idempotency and (first.text, first.category_id) != (description, category.pk):
        raise Open311Error(422, "this Idempotency-Key was already used for another request")
    row = {
        "service_request_id": first.public_id,
        "service_notice": f"Due {first.due_on.isoformat()}",
        "account_id": None,
    }
    return respond(fmt, "service_requests", "request", [row], status=201)
