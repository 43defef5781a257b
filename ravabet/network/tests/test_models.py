import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from ravabet.network.models import Membership, Role


def test_a_municipal_role_needs_a_municipality_not_a_network(east_gilan, lahijan, rudsar_head):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=rudsar_head, role=Role.PR_STAFF, network=east_gilan)


def test_a_network_role_needs_a_network_not_a_municipality(lahijan, rudsar_head):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=rudsar_head, role=Role.OBSERVER, municipality=lahijan)


def test_an_unknown_role_is_refused_by_the_database(lahijan, rudsar_head):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=rudsar_head, role="mayor", municipality=lahijan)


def test_the_same_role_twice_in_one_place_is_refused(rudsar, rudsar_head):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=rudsar_head, role=Role.PR_HEAD, municipality=rudsar)


def test_a_person_may_hold_roles_in_more_than_one_place(lahijan_head):
    places = {getattr(m.place, "slug", None) for m in Membership.objects.filter(user=lahijan_head)}
    assert places == {"lahijan", "east-gilan"}


def test_names_follow_the_active_language(lahijan):
    with translation.override("fa"):
        assert str(lahijan) == "لاهیجان"
    with translation.override("en"):
        assert str(lahijan) == "Lahijan"
