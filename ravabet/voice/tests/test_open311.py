"""Drives the GeoReport v2 endpoints the way an Open311 client does, in JSON and in XML."""

from __future__ import annotations

import datetime as dt

import pytest
from defusedxml import ElementTree
from django.test import Client
from django.utils import timezone

from ravabet.voice import actions
from ravabet.voice.models import Channel, Message

BASE = "/open311/v2"


@pytest.fixture
def api_key(rudsar) -> str:  # type: ignore[no-untyped-def]
    return actions.issue_api_key(rudsar, "FixMyStreet test client")


def test_open311_end_to_end_in_json(rudsar, lahijan, api_key, rudsar_head) -> None:  # type: ignore[no-untyped-def]
    client = Client(enforce_csrf_checks=True)
    discovery = client.get(f"{BASE}/discovery.json").json()
    assert discovery["endpoints"][0]["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert "application/json" in discovery["endpoints"][0]["formats"]

    services = client.get(f"{BASE}/services.json", {"jurisdiction_id": "rudsar"}).json()
    codes = {s["service_code"] for s in services}
    assert {"cleaning-waste", "green-space", "other"} <= codes
    assert services[0]["metadata"] is False
    definition = client.get(f"{BASE}/services/green-space.json", {"jurisdiction_id": "rudsar"})
    assert definition.json() == {"service_code": "green-space", "attributes": []}

    created = client.post(
        f"{BASE}/requests.json",
        {
            "jurisdiction_id": "rudsar",
            "api_key": api_key,
            "service_code": "green-space",
            "lat": "37.1370",
            "long": "50.2880",
            "description": "درخت شکسته روی پیاده‌رو افتاده",
            "first_name": "رضا",
            "last_name": "کریمی",
            "phone": "+98 912 000 1122",
            "email": "reza@example.org",
        },
    )
    assert created.status_code == 201
    request_id = created.json()[0]["service_request_id"]
    message = Message.objects.get(public_id=request_id)
    assert (message.channel, message.mobile, message.municipality) == (
        Channel.OPEN311,
        "09120001122",
        rudsar,
    )

    # The client reads with its key: without one only public requests are listed.
    keyed = {"jurisdiction_id": "rudsar", "api_key": api_key}
    one = client.get(f"{BASE}/requests/{request_id}.json", keyed).json()
    assert one[0]["status"] == "open"
    assert one[0]["service_code"] == "green-space"
    assert one[0]["lat"] == "37.137000"
    body = str(one)
    for private in ("کریمی", "09120001122", "reza@example.org", "+98"):
        assert private not in body

    actions.reply_to_message(message, rudsar_head, "درخت جمع‌آوری شد")
    listed = client.get(f"{BASE}/requests.json", {**keyed, "status": "closed"}).json()
    assert [r["service_request_id"] for r in listed] == [request_id]
    assert listed[0]["status_notes"] == "درخت جمع‌آوری شد"
    assert client.get(f"{BASE}/requests.json", {**keyed, "status": "open"}).json() == []
    assert (
        len(client.get(f"{BASE}/requests.json", {**keyed, "service_code": "green-space"}).json())
        == 1
    )
    assert client.get(f"{BASE}/requests.json", {**keyed, "service_code": "other"}).json() == []
    by_id = client.get(f"{BASE}/requests.json", {**keyed, "service_request_id": request_id})
    assert len(by_id.json()) == 1
    start = (timezone.now() - dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    end = (timezone.now() + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    ranged = client.get(f"{BASE}/requests.json", {**keyed, "start_date": start, "end_date": end})
    assert len(ranged.json()) == 1
    # Another jurisdiction does not see it.
    assert client.get(f"{BASE}/requests.json", {"jurisdiction_id": "lahijan"}).json() == []
    assert (
        client.get(f"{BASE}/requests/{request_id}.json", {"jurisdiction_id": "lahijan"}).status_code
        == 404
    )


def test_open311_end_to_end_in_xml(rudsar, api_key) -> None:  # type: ignore[no-untyped-def]
    client = Client(enforce_csrf_checks=True)
    discovery = ElementTree.fromstring(client.get(f"{BASE}/discovery.xml").content)
    assert discovery.tag == "discovery"
    assert (
        discovery.find("endpoints/endpoint/specification").text
        == "http://wiki.open311.org/GeoReport_v2"
    )
    formats = [f.text for f in discovery.findall("endpoints/endpoint/formats/format")]
    assert formats == ["text/xml", "application/json"]

    response = client.get(f"{BASE}/services.xml", {"jurisdiction_id": "rudsar"})
    assert response["Content-Type"].startswith("text/xml")
    services = ElementTree.fromstring(response.content)
    assert services.tag == "services"
    assert "cleaning-waste" in [s.findtext("service_code") for s in services.findall("service")]
    assert services.find("service/metadata").text == "false"
    definition = ElementTree.fromstring(
        client.get(f"{BASE}/services/other.xml", {"jurisdiction_id": "rudsar"}).content
    )
    assert definition.tag == "service_definition" and definition.findtext("service_code") == "other"

    created = client.post(
        f"{BASE}/requests.xml",
        {
            "jurisdiction_id": "rudsar",
            "api_key": api_key,
            "service_code": "cleaning-waste",
            "address_string": "رودسر، میدان امام",
            "description": "سطل زباله سرریز شده <b>فوری</b>",
        },
    )
    assert created.status_code == 201
    root = ElementTree.fromstring(created.content)
    assert root.tag == "service_requests"
    request_id = root.findtext("request/service_request_id")
    assert Message.objects.get(public_id=request_id).address == "رودسر، میدان امام"

    keyed = {"jurisdiction_id": "rudsar", "api_key": api_key}
    detail = ElementTree.fromstring(client.get(f"{BASE}/requests/{request_id}.xml", keyed).content)
    assert detail.findtext("request/status") == "open"
    assert detail.findtext("request/description") == "سطل زباله سرریز شده <b>فوری</b>"
    listed = ElementTree.fromstring(client.get(f"{BASE}/requests.xml", keyed).content)
    assert [r.findtext("service_request_id") for r in listed.findall("request")] == [request_id]

    error = client.get(f"{BASE}/requests/22222222.xml", {"jurisdiction_id": "rudsar"})
    assert error.status_code == 404
    errors = ElementTree.fromstring(error.content)
    assert errors.tag == "errors" and errors.findtext("error/code") == "404"


@pytest.mark.parametrize(
    ("params", "status", "words"),
    [
        ({"api_key": "wrong"}, 403, "api_key"),
        ({"api_key": ""}, 403, "api_key"),
        ({"service_code": "no-such"}, 404, "service_code"),
        ({"service_code": ""}, 400, "service_code"),
        ({"description": ""}, 400, "description"),
        ({"description": "x" * 4001}, 400, "description"),
        ({"lat": "", "long": ""}, 400, "location"),
        ({"lat": "north", "long": "50"}, 400, "lat"),
        ({"phone": "12"}, 400, "phone"),
        ({"jurisdiction_id": ""}, 400, "jurisdiction_id"),
        ({"jurisdiction_id": "atlantis"}, 404, "jurisdiction_id"),
    ],
)
def test_open311_post_errors(rudsar, api_key, params, status, words) -> None:  # type: ignore[no-untyped-def]
    data = {
        "jurisdiction_id": "rudsar",
        "api_key": api_key,
        "service_code": "other",
        "lat": "37.1",
        "long": "50.2",
        "description": "تست",
        **params,
    }
    response = Client(enforce_csrf_checks=True).post(f"{BASE}/requests.json", data)
    assert response.status_code == status
    body = response.json()
    assert body[0]["code"] == status and words in body[0]["description"]
    assert not Message.objects.exists()


def test_open311_query_errors_and_key_of_another_jurisdiction(rudsar, lahijan, api_key) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    too_wide = client.get(
        f"{BASE}/requests.json",
        {
            "jurisdiction_id": "rudsar",
            "start_date": "2026-01-01T00:00:00Z",
            "end_date": "2026-06-01T00:00:00Z",
        },
    )
    assert too_wide.status_code == 400 and "90 days" in too_wide.json()[0]["description"]
    assert (
        client.get(
            f"{BASE}/requests.json", {"jurisdiction_id": "rudsar", "start_date": "yesterday"}
        ).status_code
        == 400
    )
    assert (
        client.get(
            f"{BASE}/requests.json", {"jurisdiction_id": "rudsar", "status": "pending"}
        ).status_code
        == 400
    )
    assert client.get(f"{BASE}/services.json").status_code == 400
    assert (
        client.get(f"{BASE}/services/none.json", {"jurisdiction_id": "rudsar"}).status_code == 404
    )
    other = client.post(
        f"{BASE}/requests.json",
        {
            "jurisdiction_id": "lahijan",
            "api_key": api_key,
            "service_code": "other",
            "lat": "37",
            "long": "50",
            "description": "x",
        },
    )
    assert other.status_code == 403


def test_only_open311_is_exempt_from_csrf(rudsar) -> None:  # type: ignore[no-untyped-def]
    from .test_contact import form_data

    response = Client(enforce_csrf_checks=True).post("/m/rudsar/contact/", form_data(rudsar))
    assert response.status_code == 403


def test_a_key_is_issued_by_command_and_replaced_on_reissue(rudsar) -> None:  # type: ignore[no-untyped-def]
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("voice_issue_key", "rudsar", "شهر من", stdout=out)
    first = out.getvalue().split(": ", 1)[1].split()[0]
    call_command("voice_issue_key", "rudsar", "شهر من", stdout=StringIO())
    data = {
        "jurisdiction_id": "rudsar",
        "api_key": first,
        "service_code": "other",
        "address_string": "x",
        "description": "y",
    }
    assert Client().post(f"{BASE}/requests.json", data).status_code == 403  # replaced
