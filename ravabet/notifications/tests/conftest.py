from __future__ import annotations

import pytest

from ravabet.conftest import make_user
from ravabet.network.models import Membership, Role, User
from ravabet.newsroom.actions import save_news_item
from ravabet.newsroom.models import NewsItem
from ravabet.notifications.models import Notification


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def rudsar_staff2(rudsar, east_gilan) -> User:  # type: ignore[no-untyped-def]
    user = make_user("rudsar-staff2", "سارا", "کاظمی")
    Membership.objects.create(user=user, role=Role.PR_STAFF, municipality=rudsar)
    return user


@pytest.fixture
def kelachay_head(kelachay, east_gilan) -> User:  # type: ignore[no-untyped-def]
    user = make_user("kelachay-head", "محمد", "حیدری")
    Membership.objects.create(user=user, role=Role.PR_HEAD, municipality=kelachay)
    return user


@pytest.fixture
def secretary(east_gilan) -> User:  # type: ignore[no-untyped-def]
    """Secretariat staff who work for no municipality's newsroom."""
    user = make_user("secretary", "زهرا", "امینی")
    Membership.objects.create(user=user, role=Role.SECRETARIAT, network=east_gilan)
    return user


def make_item(municipality, author, title="بازگشایی پل عابر پیاده میدان اصلی") -> NewsItem:  # type: ignore[no-untyped-def]
    return save_news_item(
        NewsItem(municipality=municipality, title=title, lead="پل امروز بازگشایی شد."), author
    )


def told(user: User) -> list[tuple[str, int]]:
    return list(
        Notification.objects.filter(user=user).order_by("pk").values_list("kind", "target_id")
    )


# The meetings' and voice's own fixtures: a held network meeting with two resolutions, and
# a citizen's message made through the public intake.
from ravabet.meetings.tests.conftest import held, rudsar_resolution  # noqa: E402, F401
from ravabet.voice.tests.conftest import make_message  # noqa: E402, F401
