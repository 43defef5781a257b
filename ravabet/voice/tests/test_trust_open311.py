"""Issue 9 for Open311: without a key only what citizens agreed to publish, in public
categories, with no tracking code and no private detail; a key sees its own municipality
only; a retried POST makes one record; a POST flood per key is held; NaN is a 400; the
published OpenAPI description covers every endpoint."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from defusedxml import ElementTree
from django.test import Client
from django.urls import URLPattern, resolve

from ravabet.voice import actions
from ravabet.voice.models import Category, Message
from ravabet.voice.open311 import urls as open311_urls

BASE = "/open311/v2"
PUBLIC_TEXT = "چاله بزرگ در بلوار ساحلی"


@pytest.fixture
def api_key(rudsar) -> str:  # type: ignore[no-untyped-def]
    return actions.issue_api_key(rudsar, "FixMyStreet test client")


@pytest.fixture
def every_kind(rudsar, rudsar_head, make_message) -> dict[str, Message]:  # type: ignore[no-untyped-def]
    """One message of each kind the listing must tell apart."""
    actions.ensure_categories(rudsar)
    Category.objects.filter(municipality=rudsar, code__in=["traffic-roads", "green-space"]).update(
        is_public=True
    )
    place = {
        "address": "رودسر، کوچه یاس، پلاک ۱۲",
        "latitude": "37.137489",
        "longitude": "50.288512",
    }
    messages = {
        "public": make_message(
            rudsar,
            category_code="traffic-roads",
            text=PUBLIC_TEXT,
            public_consent=True,
            share_location=True,
            **place,
        ),
        "no_consent": make_message(
            rudsar, category_code="traffic-roads", text="متن خصوصی بدون موافقت", **place
        ),
        "private_category": make_message(
            rudsar, category_code="cleaning-waste", text="متن در دسته غیرعمومی", public_consent=True
        ),
        "staff_conduct": make_message(
            rudsar,
            category_code="staff-conduct",
            text="برخورد بد مأمور پارکبان",
            public_consent=True,
        ),
        "phone": make_message(
            rudsar, category_code="green-space", text="تماس تلفنی بدون موافقت", channel="phone"
        ),
        "phone_consented": make_message(
            rudsar,
            category_code="green-space",
            text="تماس تلفنی با موافقت",
            channel="phone",
            public_consent=True,
        ),
    }
    actions.reply_to_message(messages["public"], rudsar_head, "آقای کریمی، چاله فردا پر می‌شود")
    return messages


def _listed(client: Client, **params: str) -> tuple[list[dict[str, Any]], str]:
    response = client.get(f"{BASE}/requests.json", {"jurisdiction_id": "rudsar", **params})
    assert response.status_code == 200, response.content
    return response.json(), response.content.decode()


def test_without_a_key_only_consented_requests_in_public_categories_and_nothing_private(
    every_kind,
) -> None:  # type: ignore[no-untyped-def]
    rows, body = _listed(Client())
    ids = {r["service_request_id"] for r in rows}
    assert ids == {every_kind["public"].public_id, every_kind["phone_consented"].public_id}
    for message in every_kind.values():
        assert message.code not in body  # no tracking code, of anyone
        assert message.name not in body and message.mobile not in body
        assert message.national_code not in body
    for kind in ("no_consent", "private_category", "staff_conduct", "phone"):
        assert every_kind[kind].text not in body
    # Of a public one: what its citizen was told would be public, and no more.
    row = next(r for r in rows if r["service_request_id"] == every_kind["public"].public_id)
    assert row["description"] == PUBLIC_TEXT
    assert row["address"] == "" and "یاس" not in body
    assert (row["lat"], row["long"]) == ("37.137", "50.289")  # about 100 m
    assert "کریمی" not in body and row["status_notes"] == "پاسخ داده شده"

    for kind in ("no_consent", "staff_conduct", "phone"):
        one = Client().get(
            f"{BASE}/requests/{every_kind[kind].public_id}.json", {"jurisdiction_id": "rudsar"}
        )
        assert one.status_code == 404
    # The tracking code is no id at all.
    code = every_kind["public"].code
    assert (
        Client().get(f"{BASE}/requests/{code}.json", {"jurisdiction_id": "rudsar"}).status_code
        == 404
    )
    assert _listed(Client(), service_request_id=code)[0] == []
    xml = Client().get(f"{BASE}/requests.xml", {"jurisdiction_id": "rudsar"}).content
    assert {r.findtext("service_request_id") for r in ElementTree.fromstring(xml)} == ids


def test_a_key_of_the_municipality_reads_it_in_full_and_another_key_reads_nothing(
    every_kind, api_key, lahijan
) -> None:  # type: ignore[no-untyped-def]
    rows, body = _listed(Client(), api_key=api_key)
    assert {r["service_request_id"] for r in rows} == {m.public_id for m in every_kind.values()}
    assert "برخورد بد مأمور پارکبان" in body
    row = next(r for r in rows if r["service_request_id"] == every_kind["public"].public_id)
    assert row["address"] == "رودسر، کوچه یاس، پلاک ۱۲"
    assert (row["lat"], row["long"]) == ("37.137489", "50.288512")
    assert row["status_notes"] == "آقای کریمی، چاله فردا پر می‌شود"
    for message in every_kind.values():
        assert message.code not in body and message.mobile not in body

    lahijan_key = actions.issue_api_key(lahijan, "another city's client")
    for key in (lahijan_key, "rv_not_a_key"):
        refused = Client().get(
            f"{BASE}/requests.json", {"jurisdiction_id": "rudsar", "api_key": key}
        )
        assert refused.status_code == 403
        assert refused.json()[0]["code"] == 403 and "api_key" in refused.json()[0]["description"]
        assert "برخورد بد" not in refused.content.decode()
        detail = Client().get(
            f"{BASE}/requests/{every_kind['staff_conduct'].public_id}.json",
            {"jurisdiction_id": "rudsar", "api_key": key},
        )
        assert detail.status_code == 403
    # Rudsar's key on Lahijan's jurisdiction reads Lahijan as a stranger does: refused.
    assert (
        Client()
        .get(f"{BASE}/requests.json", {"jurisdiction_id": "lahijan", "api_key": api_key})
        .status_code
        == 403
    )


def _post(data: dict[str, str], idempotency: str = ""):  # type: ignore[no-untyped-def]
    headers = {"Idempotency-Key": idempotency} if idempotency else {}
    return Client(enforce_csrf_checks=True).post(f"{BASE}/requests.json", data, headers=headers)


def _body(api_key: str, **extra: str) -> dict[str, str]:
    return {
        "jurisdiction_id": "rudsar",
        "api_key": api_key,
        "service_code": "green-space",
        "lat": "37.1370",
        "long": "50.2880",
        "description": "درخت شکسته روی پیاده‌رو افتاده",
        **extra,
    }


def test_the_same_post_twice_makes_one_record(rudsar, api_key) -> None:  # type: ignore[no-untyped-def]
    first = _post(_body(api_key))
    again = _post(_body(api_key))
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert Message.objects.count() == 1
    assert first.json()[0]["service_request_id"] == Message.objects.get().public_id
    # A different request is a new record.
    other = _post(_body(api_key, description="درخت دیگری هم افتاده"))
    assert other.json()[0]["service_request_id"] != first.json()[0]["service_request_id"]
    assert Message.objects.count() == 2


def test_an_idempotency_key_makes_a_retry_the_same_request(rudsar, api_key) -> None:  # type: ignore[no-untyped-def]
    first = _post(_body(api_key), idempotency="retry-7f3a")
    retry = _post(_body(api_key, address_string="کوچه"), idempotency="retry-7f3a")
    assert retry.status_code == 201
    assert retry.json()[0]["service_request_id"] == first.json()[0]["service_request_id"]
    assert Message.objects.count() == 1
    misuse = _post(_body(api_key, description="چیز دیگری"), idempotency="retry-7f3a")
    assert misuse.status_code == 422 and "Idempotency-Key" in misuse.json()[0]["description"]
    new = _post(_body(api_key), idempotency="retry-8000")
    assert new.status_code == 201 and Message.objects.count() == 2
    assert _post(_body(api_key), idempotency="x" * 256).status_code == 400


def test_posts_are_limited_per_api_key(rudsar, lahijan, api_key, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RAVABET_VOICE_LIMITS = {"open311": (3, 600)}
    for n in range(3):
        assert _post(_body(api_key, description=f"درخواست {n}")).status_code == 201
    held = _post(_body(api_key, description="درخواست چهارم"))
    assert held.status_code == 429
    assert held.json()[0]["code"] == 429 and "api_key" in held.json()[0]["description"]
    assert Message.objects.count() == 3
    other_key = actions.issue_api_key(rudsar, "another client")
    assert _post(_body(other_key, description="درخواست دیگر")).status_code == 201


@pytest.mark.parametrize(
    ("lat", "long", "words"),
    [
        ("NaN", "50.2", "lat"),
        ("nan", "50.2", "lat"),
        ("sNaN", "50.2", "lat"),
        ("37.1", "NaN", "long"),
        ("inf", "50.2", "lat"),
        ("-Infinity", "50.2", "lat"),
        ("37.1", "1e999999", "long"),
        ("91", "50.2", "lat"),
        ("37.1", "-180.5", "long"),
        ("1e3", "50", "lat"),
        ("37.1", "", "together"),
    ],
)
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_bad_coordinates_are_a_clear_open311_400(rudsar, api_key, lat, long, words, fmt) -> None:  # type: ignore[no-untyped-def]
    response = Client().post(
        f"{BASE}/requests.{fmt}", _body(api_key, lat=lat, long=long, address_string="میدان")
    )
    assert response.status_code == 400
    if fmt == "json":
        error = response.json()[0]
        assert error["code"] == 400 and words in error["description"]
    else:
        root = ElementTree.fromstring(response.content)
        assert root.tag == "errors" and root.findtext("error/code") == "400"
        assert words in root.findtext("error/description")
    assert not Message.objects.exists()


@pytest.mark.parametrize(
    "params",
    [
        {"end_date": "0001-01-01"},
        {"end_date": "0001-03-01T00:00:00Z"},
        {"end_date": "0001-01-01T00:00:00-23:59"},
        {"end_date": "9999-12-31T23:59:59.999999Z"},
        {"start_date": "9999-12-31T23:59:59-01:00", "end_date": "9999-12-31T23:59:59-01:00"},
    ],
)
def test_dates_at_the_ends_of_time_are_a_clear_400(rudsar, params) -> None:  # type: ignore[no-untyped-def]
    # Found from outside: the window arithmetic overflowed into a 500.
    response = Client().get(f"{BASE}/requests.json", {"jurisdiction_id": "rudsar", **params})
    assert response.status_code == 400
    assert "between the years" in response.json()[0]["description"]


def _document() -> dict[str, Any]:
    path = Path(open311_urls.__file__).with_name("openapi.json")
    return json.loads(path.read_text(encoding="utf-8"))


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [node["$ref"]] if "$ref" in node else [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


def test_the_openapi_description_parses_and_lists_every_open311_url(db) -> None:  # type: ignore[no-untyped-def]
    served = Client().get(f"{BASE}/openapi.json")
    assert served.status_code == 200 and served["Content-Type"] == "application/json"
    document = json.loads(served.content)
    assert document == _document()
    assert re.fullmatch(r"3\.0\.\d+", document["openapi"])
    assert document["servers"] == [{"url": BASE}]
    for ref in _refs(document):
        target: Any = document
        for part in ref.removeprefix("#/").split("/"):
            target = target[part]  # every $ref resolves
    covered = set()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert method in {"get", "post"} and operation["responses"], (path, method)
            declared = {
                (p if "name" in p else _resolve(document, p["$ref"]))["name"]
                for p in operation.get("parameters", [])
            }
            assert set(re.findall(r"{(\w+)}", path)) <= declared, path
        sample = re.sub(r"{\w+}", "sample-1", path)
        covered.add(resolve(BASE + sample).url_name)
    names = {p.name for p in open311_urls.urlpatterns if isinstance(p, URLPattern)}
    assert covered == names


def _resolve(document: dict[str, Any], ref: str) -> dict[str, Any]:
    target: Any = document
    for part in ref.removeprefix("#/").split("/"):
        target = target[part]
    return target  # type: ignore[no-any-return]
