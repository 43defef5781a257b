"""Every view that takes an id, for every role: the person and their PR head read the log;
the person alone changes it; nobody else learns it exists (404)."""

from __future__ import annotations

import pytest

from ravabet.workload import actions
from ravabet.workload.models import Pack
from ravabet.workload.tests.conftest import manual, weekday_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(rudsar, rudsar_reporter, rudsar_head, month, last_month):  # type: ignore[no-untyped-def]
    day = weekday_in(last_month, weekday=1, after=2)
    entry = manual(month, day, 9, 11)
    first, last = month.first_day, month.last_day
    office_pack = actions.create_pack(Pack(municipality=rudsar, start=first, end=last), rudsar_head)
    person_pack = actions.create_pack(
        Pack(municipality=rudsar, person=rudsar_reporter, start=first, end=last), rudsar_head
    )
    return {"month": month, "entry": entry, "office_pack": office_pack, "person_pack": person_pack}


def urls(r):  # type: ignore[no-untyped-def]
    m, e, op, pp = r["month"].pk, r["entry"].pk, r["office_pack"].pk, r["person_pack"].pk
    return {
        "month": f"/office/workload/months/{m}/",
        "entry": f"/office/workload/entries/{e}/",
        "office_pack": f"/office/workload/packs/{op}/",
        "person_pack": f"/office/workload/packs/{pp}/",
        "office_pack_pdf": f"/office/workload/packs/{op}/pack.pdf",
    }


WRITES = {
    "draft": "/office/workload/months/{m}/draft/",
    "confirm": "/office/workload/months/{m}/confirm/",
    "entry_new": "/office/workload/months/{m}/entries/new/",
    "entry_edit": "/office/workload/entries/{e}/",
    "dismiss": "/office/workload/entries/{e}/dismiss/",
}


@pytest.mark.parametrize("who", ["lahijan_head", "observer", "lahijan_manager", "kelachay_staff"])
def test_outsiders_never_see_a_person_s_log_or_pack(request, client_for, records, who) -> None:
    # Lahijan's PR head is the secretariat; the observer reads the network: neither reads
    # a person's log. Nor does another office's staff, nor a manager.
    client = client_for(request.getfixturevalue(who))
    for name, url in urls(records).items():
        if name == "office_pack_pdf":
            continue
        assert client.get(url).status_code == 404, (who, name)
    for url in WRITES.values():
        url = url.format(m=records["month"].pk, e=records["entry"].pk)
        assert client.post(url).status_code == 404, (who, url)
    assert client.get(urls(records)["office_pack_pdf"]).status_code == 404
    assert (
        client.post(f"/office/workload/packs/{records['office_pack'].pk}/confirm/").status_code
        == 404
    )
    assert client.get("/office/m/rudsar/workload/").status_code == 404
    assert client.get("/office/m/rudsar/workload/report/").status_code == 404
    assert client.get("/office/m/rudsar/workload/survey/").status_code == 404


def test_the_person_reads_and_changes_their_own_log(client_for, rudsar_reporter, records) -> None:
    client = client_for(rudsar_reporter)
    u = urls(records)
    for name in ("month", "entry", "person_pack"):
        assert client.get(u[name]).status_code == 200, name
    # The office's pack names every colleague's hours: the PR head's alone.
    assert client.get(u["office_pack"]).status_code == 404
    assert client.get(u["office_pack_pdf"]).status_code == 404
    assert client.post(WRITES["draft"].format(m=records["month"].pk)).status_code == 302
    # The office's report and the packs' confirmation are the PR head's.
    assert client.get("/office/m/rudsar/workload/report/").status_code == 403
    assert (
        client.post(f"/office/workload/packs/{records['person_pack'].pk}/confirm/").status_code
        == 403
    )
    assert (
        client.post(f"/office/workload/packs/{records['office_pack'].pk}/confirm/").status_code
        == 404
    )


def test_the_pr_head_reads_the_office_s_logs_but_does_not_change_them(
    client_for, rudsar_head, records
) -> None:
    client = client_for(rudsar_head)
    for name, url in urls(records).items():
        if name != "office_pack_pdf":
            assert client.get(url).status_code == 200, name
    for url in WRITES.values():
        url = url.format(m=records["month"].pk, e=records["entry"].pk)
        assert client.post(url).status_code == 403, url
    assert client.get("/office/m/rudsar/workload/report/").status_code == 200


def test_another_person_of_the_same_office_does_not_see_a_colleague_s_log(
    client_for, rudsar, records
) -> None:
    from ravabet.network.models import Membership, Role, User

    colleague = User.objects.create_user("rudsar-photographer", password="x" * 20)
    Membership.objects.create(user=colleague, role=Role.PR_STAFF, municipality=rudsar)
    client = client_for(colleague)
    u = urls(records)
    assert client.get(u["month"]).status_code == 404
    assert client.get(u["entry"]).status_code == 404
    assert client.get(u["person_pack"]).status_code == 404
    assert client.get(u["office_pack"]).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, records) -> None:
    for url in urls(records).values():
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]
    assert client.get("/office/n/east-gilan/workload/").status_code == 302


def test_missing_ids_are_404(client_for, rudsar_reporter, records) -> None:
    client = client_for(rudsar_reporter)
    for url in (
        "/office/workload/months/999999/",
        "/office/workload/entries/999999/",
        "/office/workload/packs/999999/",
        "/office/m/nowhere/workload/",
        "/office/n/nowhere/workload/",
    ):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("who", ["lahijan_head", "observer", "rudsar_reporter"])
def test_the_network_s_aggregate_is_read_by_its_people(request, client_for, records, who) -> None:
    client = client_for(request.getfixturevalue(who))
    assert client.get("/office/n/east-gilan/workload/").status_code == 200


def test_an_outsider_of_the_network_gets_404(client_for, rudsar) -> None:
    from ravabet.network.models import Network, User

    Network.objects.create(slug="west", name="غرب", name_en="West", province="گیلان", host=rudsar)
    outsider = User.objects.create_user("outsider", password="x" * 20)
    assert client_for(outsider).get("/office/n/west/workload/").status_code == 404
