"""Schemathesis against Open311's published OpenAPI description: no request is a server error.

Part of `make test`, so CI runs it on SQLite and on PostgreSQL (where a NUL byte in any
parameter used to be a 500: 13,271 failing cases). The requests go through Django's own WSGI
application to the test database, half of them with a real jurisdiction and api_key so that
they get past the first check to the code behind it. The examples are fixed (derandomized)
and few enough to finish in seconds: a red CI run is the same on a laptop.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, strategies
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode

from ravabet.voice import actions
from ravabet.voice.open311 import views as open311_views

DOCUMENT = Path(open311_views.__file__).parent / "openapi.json"
RAW_KEY = "rv_schemathesis-client-key"
HTTP_METHODS = {"get", "post", "put", "patch", "delete"}
EXAMPLES = 150  # per generation mode; about 2 s each on SQLite


@pytest.fixture
def open311_app(settings, rudsar, make_message) -> Iterator[WSGIHandler]:  # type: ignore[no-untyped-def]
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]  # schemathesis's Host
    actions.issue_api_key(rudsar, "schemathesis", raw=RAW_KEY)
    make_message(rudsar)
    # As Django's test client does: a request must not close the test's connection (and
    # with it the transaction that holds this test's data).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _as_known_client(case) -> None:  # type: ignore[no-untyped-def]
    """The jurisdiction and key of a real client, so the case reaches past them."""
    if isinstance(case.query, dict) and "jurisdiction_id" in case.query:
        case.query["jurisdiction_id"] = "rudsar"
    if isinstance(case.body, dict):
        case.body.update(jurisdiction_id="rudsar", api_key=RAW_KEY)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_open311_gives_no_server_error(open311_app, mode) -> None:  # type: ignore[no-untyped-def]
    schema = schemathesis.openapi.from_path(DOCUMENT)
    schema.app = open311_app
    # Every operation the document describes is exercised, none skipped as unreadable.
    described = json.loads(DOCUMENT.read_text())["paths"]
    operations = sum(len(methods.keys() & HTTP_METHODS) for methods in described.values())
    assert len(list(schema.get_all_operations())) == operations > 4

    @hypothesis_settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=schema.as_strategy(generation_mode=mode), known=strategies.booleans())
    def run(case, known: bool) -> None:  # type: ignore[no-untyped-def]
        if known:
            _as_known_client(case)
        case.call_and_validate(checks=[not_a_server_error])

    run()
