from io import StringIO

from django.core.management import call_command
from django.test import Client

from ravabet.network.demo import DEMO_PASSWORD
from ravabet.network.models import Department, Membership, Municipality, Network, Role, User
from ravabet.search.models import SearchEntry


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Municipality, Network, Department, Membership, User, SearchEntry)
    }


def test_load_demo_builds_the_seed_network_and_is_idempotent(db):
    out = StringIO()
    call_command("load_demo", stdout=out)
    first = _counts()
    passwords = dict(User.objects.values_list("username", "password"))
    call_command("load_demo", stdout=StringIO())
    assert _counts() == first
    assert dict(User.objects.values_list("username", "password")) == passwords

    network = Network.objects.get(slug="east-gilan")
    assert network.host.slug == "lahijan"
    assert set(network.members.values_list("name_en", flat=True)) == {
        "Lahijan",
        "Rudsar",
        "Rudboneh",
        "Shalman",
        "Kelachay",
        "Astaneh-ye Ashrafiyeh",
    }
    assert Department.objects.filter(municipality=network.host).count() >= 3
    lahijan_head_roles = set(
        Membership.objects.filter(user__username="lahijan-head").values_list("role", flat=True)
    )
    assert lahijan_head_roles == {Role.PR_HEAD, Role.SECRETARIAT}
    assert Membership.objects.filter(role=Role.OBSERVER).count() == 1
    assert Membership.objects.filter(role=Role.MANAGER, municipality=network.host).count() == 1
    assert "rudsar-reporter" in out.getvalue()
    assert DEMO_PASSWORD in out.getvalue()


def test_every_printed_login_works(db):
    out = StringIO()
    call_command("load_demo", stdout=out)
    lines = out.getvalue().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Demo logins")) + 1
    usernames = []
    for line in lines[start:]:
        if not line.startswith("  "):
            break  # the next app's part of the demo
        usernames.append(line.split()[0])
    assert len(usernames) == 16
    for username in usernames:
        client = Client()
        response = client.post("/login/", {"username": username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, username
        assert client.get("/office/", follow=True).status_code == 200
    admin = Client()
    admin.post("/login/", {"username": "admin", "password": DEMO_PASSWORD})
    assert admin.get("/admin/").status_code == 200
