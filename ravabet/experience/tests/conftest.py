import pytest

from ravabet.conftest import make_municipality, make_user
from ravabet.network.models import Membership, Role


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def outsider(db):  # type: ignore[no-untyped-def]
    astara = make_municipality("astara", "آستارا", "Astara", "آستارا")
    user = make_user("astara-head", "پرویز", "کریمی")
    Membership.objects.create(user=user, role=Role.PR_HEAD, municipality=astara)
    return user
