from unittest import mock

from django.db import OperationalError


def test_healthz_is_ok_when_the_database_answers(citizen, db):
    response = citizen.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_is_503_when_the_database_does_not_answer(citizen, db):
    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.cursor",
        side_effect=OperationalError("connection refused"),
    ):
        response = citizen.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"
