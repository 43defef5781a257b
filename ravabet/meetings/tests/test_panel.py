import datetime as dt

from django.utils import timezone

from ravabet.lib.jalali import JalaliQuarter


def test_the_municipal_panel_lists_owned_resolutions_overdue_first(
    client_for, rudsar_head, rudsar_resolution, planned, held
):
    from ravabet.meetings import actions
    from ravabet.meetings.models import OwnerKind, Resolution

    late = actions.create_resolution(
        Resolution(
            meeting=held,
            text="مصوبه عقب‌افتاده رودسر",
            owner_kind=OwnerKind.MUNICIPALITY,
            owner_municipality=rudsar_resolution.owner_municipality,
            deadline=timezone.localdate() - dt.timedelta(days=1),
        )
    )
    page = client_for(rudsar_head).get("/office/m/rudsar/").content.decode()
    panel = page.split('data-testid="meetings-panel"', 1)[1]
    assert planned.title in panel
    assert panel.index(late.text) < panel.index(rudsar_resolution.text)
    assert "عقب‌افتاده" in panel
    # Not the secretariat's resolution.
    assert "تدوین شیوه‌نامه خبرنویسی" not in panel


def test_the_secretariat_panel_shows_quarters_without_a_meeting(client_for, lahijan_head, planned):
    page = client_for(lahijan_head).get("/office/n/east-gilan/").content.decode()
    panel = page.split('data-testid="meetings-panel"', 1)[1]
    current = JalaliQuarter.current()
    missing = [JalaliQuarter(current.year, n) for n in range(1, 5)]
    for quarter in missing:
        if quarter == planned.quarter:
            continue
        assert (
            quarter.label in panel.split('data-testid="missing-quarters"', 1)[1].split("</p>", 1)[0]
        )
