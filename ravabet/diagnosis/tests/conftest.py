from __future__ import annotations

import pytest

from ravabet.conftest import make_municipality, make_user
from ravabet.lib.jalali import JalaliQuarter
from ravabet.network.models import Membership, Municipality, Network, Role, User


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def shalman(east_gilan: Network) -> Municipality:
    municipality = make_municipality("shalman", "شلمان", "Shalman", "لنگرود")
    east_gilan.members.add(municipality)
    return municipality


@pytest.fixture
def shalman_head(shalman: Municipality) -> User:
    user = make_user("shalman-head", "رضا", "مرادی")
    Membership.objects.create(user=user, role=Role.PR_HEAD, municipality=shalman)
    return user


@pytest.fixture
def outsider(db) -> User:  # type: ignore[no-untyped-def]
    """The PR head of a municipality in another network."""
    astara = make_municipality("astara", "آستارا", "Astara", "آستارا")
    other = Network.objects.create(
        slug="west-gilan", name="شبکه غرب گیلان", province="گیلان", host=astara
    )
    other.members.add(astara)
    user = make_user("astara-head", "پرویز", "کریمی")
    Membership.objects.create(user=user, role=Role.PR_HEAD, municipality=astara)
    return user


@pytest.fixture
def last_quarter() -> JalaliQuarter:
    return JalaliQuarter.current().previous()
