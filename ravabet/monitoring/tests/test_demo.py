from __future__ import annotations

import os

from django.core.management import call_command

from ravabet.monitoring import pipeline
from ravabet.monitoring.models import Cluster, Item, Pickup, ReplyTask, Source


def test_the_demo_has_sources_a_cluster_pickups_and_an_open_reply(db, settings):
    settings.MONITORING_ALLOW_PRIVATE = False
    pipeline.forget_index()
    with open(os.devnull, "w") as quiet:
        call_command("load_demo", stdout=quiet)
        call_command("load_demo", stdout=quiet)  # a second run changes nothing
    assert Source.objects.filter(network__slug="east-gilan").count() == 3
    assert Item.objects.count() == 8
    assert Cluster.objects.filter(item_count=3, outlet_count=3).count() == 1
    assert Pickup.objects.count() == 2
    assert ReplyTask.objects.open().count() == 1
    # A demo feed cannot be read from here: reading it fails and says so, nothing else.
    source = Source.objects.filter(municipality__slug="rudsar").get()
    assert pipeline.poll_source(source).new == 0
    source.refresh_from_db()
    assert source.last_error and source.item_count == 2
    pipeline.forget_index()
