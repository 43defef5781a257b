from __future__ import annotations

import os

from django.core.management import call_command

from ravabet.events.models import Event, Kind
from ravabet.lib import jalali


def test_the_demo_has_the_pr_day_ceremony_a_booth_and_a_half_done_press_conference(
    db, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    with open(os.devnull, "w") as quiet:
        call_command("load_demo", stdout=quiet)
        call_command("load_demo", stdout=quiet)  # a second run changes nothing
    ceremony = Event.objects.get(network__slug="east-gilan", kind=Kind.CEREMONY)
    assert jalali.to_jalali(ceremony.start_date)[1:] == (2, 27)
    assert ceremony.network is not None and ceremony.network.host.slug == "lahijan"
    if ceremony.status == "reported":  # PR Day is already past this year
        assert ceremony.photos.count() == 1  # the second run added none
    assert Event.objects.filter(municipality__slug="lahijan", kind=Kind.BOOTH).count() == 1
    conference = Event.objects.get(municipality__slug="rudsar", kind=Kind.PRESS_CONFERENCE)
    done = conference.tasks.filter(done_at__isnull=False).count()
    assert conference.tasks.count() == 5 and done == 2
