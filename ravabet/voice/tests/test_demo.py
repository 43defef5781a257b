from io import StringIO

from django.core.management import call_command
from django.test import Client

from ravabet.voice.models import ApiKey, Category, Channel, Message, Rating, Reply, Status, hash_key


def _counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in (Message, Reply, Rating, ApiKey, Category)}


def test_demo_messages_and_keys_are_loaded_once(db) -> None:  # type: ignore[no-untyped-def]
    out = StringIO()
    call_command("load_demo", stdout=out)
    first = _counts()
    again = StringIO()
    call_command("load_demo", stdout=again)
    assert _counts() == first
    keys = [line.split("api_key=")[1] for line in out.getvalue().splitlines() if "api_key=" in line]
    assert len(keys) == 6
    assert keys == [
        line.split("api_key=")[1] for line in again.getvalue().splitlines() if "api_key=" in line
    ]
    assert ApiKey.objects.filter(key_hash=hash_key(keys[0])).exists()

    rudsar = Message.objects.filter(municipality__slug="rudsar")
    assert rudsar.count() >= 30
    assert set(rudsar.values_list("status", flat=True)) == set(Status.values)
    assert set(rudsar.values_list("category__code", flat=True)) == set(
        Category.objects.filter(municipality__slug="rudsar").values_list("code", flat=True)
    )
    assert rudsar.overdue().exists()
    assert Rating.objects.filter(message__municipality__slug="rudsar").exists()
    assert len(set(rudsar.values_list("channel", flat=True))) > 2
    assert Channel.WEB in set(rudsar.values_list("channel", flat=True))

    # The demo key works against the Open311 endpoint.
    rudsar_key = next(k for k in keys if "rudsar" in k)
    response = Client().post(
        "/open311/v2/requests.json",
        {
            "jurisdiction_id": "rudsar",
            "api_key": rudsar_key,
            "service_code": "other",
            "address_string": "میدان",
            "description": "آزمایش",
        },
    )
    assert response.status_code == 201

    # Some of the demo is public: listed without a key, without tracking codes.
    public = Client().get("/open311/v2/requests.json", {"jurisdiction_id": "rudsar"})
    assert public.status_code == 200 and public.json()
    assert len(public.json()) < rudsar.count()
    assert not any(
        code in public.content.decode() for code in rudsar.values_list("code", flat=True)
    )
