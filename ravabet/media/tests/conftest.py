from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from ravabet.media.models import Delivery, Journalist, Outlet


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def rudsar_outlet(rudsar):  # type: ignore[no-untyped-def]
    return Outlet.objects.create(municipality=rudsar, name="خبرگزاری ایرنا گیلان", kind="agency")


@pytest.fixture
def two_journalists(rudsar, rudsar_outlet):  # type: ignore[no-untyped-def]
    return [
        Journalist.objects.create(
            municipality=rudsar,
            name="سمیرا احمدی",
            outlet=rudsar_outlet,
            email="samira@example.org",
            phone="09121112233",
            consent=True,
        ),
        Journalist.objects.create(
            municipality=rudsar,
            name="کیوان رستمی",
            email="keyvan@example.org",
            consent=True,
        ),
    ]


class WorkerKilled(BaseException):
    """What the worker's process dying looks like from inside: nothing after it runs."""


def kill_worker_while_sending(distribution_id: int) -> None:
    """Run the delivery job and stop it dead at the first send, after the claim."""
    from ravabet.media.actions import deliver_distribution

    with (
        mock.patch(
            "django.core.mail.backends.smtp.EmailBackend.send_messages", side_effect=WorkerKilled
        ),
        pytest.raises(WorkerKilled),
    ):
        deliver_distribution(distribution_id)


def claimed_ago(delivery: Delivery, minutes: float) -> None:
    Delivery.objects.filter(pk=delivery.pk).update(
        claimed_at=timezone.now() - timedelta(minutes=minutes)
    )
