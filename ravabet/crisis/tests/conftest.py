from __future__ import annotations

import threading
from typing import Any

import pytest

from ravabet.crisis import actions
from ravabet.crisis.models import Incident, Statement, Template
from ravabet.media.models import Journalist
from ravabet.network.models import Municipality, User
from ravabet.newsroom.models import NewsroomSettings
from ravabet.newsroom.tests.test_channel import GOOD_TOKEN, FakeBotAPI


@pytest.fixture
def bot_api():  # type: ignore[no-untyped-def]
    from http.server import ThreadingHTTPServer

    server: Any = ThreadingHTTPServer(("127.0.0.1", 0), FakeBotAPI)
    server.calls = []
    server.fail_with = None
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def lahijan_channel(lahijan, bot_api, settings):  # type: ignore[no-untyped-def]
    host, port = bot_api.server_address
    settings.MESSENGER_API_TEST_ORIGINS = [f"http://{host}:{port}"]
    return NewsroomSettings.objects.create(
        municipality=lahijan,
        channel="bale",
        bot_api_url=f"http://{host}:{port}",
        bot_token=GOOD_TOKEN,
        chat_id="@lahijan_news",
    )


@pytest.fixture
def journalists(lahijan) -> list[Journalist]:  # type: ignore[no-untyped-def]
    return [
        Journalist.objects.create(
            municipality=lahijan, name="سارا احمدی", email="sara@example.org", consent=True
        ),
        Journalist.objects.create(
            municipality=lahijan, name="حمید کاظمی", email="hamid@example.org", consent=True
        ),
    ]


def open_flood(municipality: Municipality, by: User, spokesperson: User | None = None) -> Incident:
    incident = Incident(
        title="آبگرفتگی خیابان شیخ زاهد",
        kind="flood",
        severity="serious",
        description="بارش شدید از ساعت ۱۴",
        spokesperson=spokesperson or by,
    )
    return actions.open_incident(incident, by, municipalities=[municipality])


@pytest.fixture
def flood(lahijan, lahijan_head) -> Incident:  # type: ignore[no-untyped-def]
    return open_flood(lahijan, lahijan_head)


def approved_statement(incident: Incident, by: User) -> Statement:
    fact = actions.add_fact(incident, by, text="دو خیابان زیر آب است", source="آتش‌نشانی")
    actions.verify_fact(fact, by)
    statement = actions.draft_statement(incident, by, template=Template.HOLDING)
    return actions.approve_statement(statement, incident.spokesperson)
