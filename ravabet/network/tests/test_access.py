"""The access helpers themselves; each view's own test proves it uses them."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from ravabet.network.access import (
    get_department_for_user,
    get_municipality_for_user,
    get_network_for_user,
)


def test_staff_reach_their_own_municipality(rudsar_reporter, rudsar):
    assert get_municipality_for_user(rudsar_reporter, "rudsar", write=True)[0] == rudsar


def test_another_municipality_is_not_found(rudsar_reporter, lahijan):
    with pytest.raises(Http404):
        get_municipality_for_user(rudsar_reporter, "lahijan")


def test_an_unknown_slug_is_not_found(rudsar_reporter):
    with pytest.raises(Http404):
        get_municipality_for_user(rudsar_reporter, "no-such-town")


def test_a_manager_reads_but_may_not_write(lahijan_manager, lahijan):
    assert get_municipality_for_user(lahijan_manager, "lahijan")[0] == lahijan
    with pytest.raises(PermissionDenied):
        get_municipality_for_user(lahijan_manager, "lahijan", write=True)


def test_secretariat_staff_are_not_municipal_staff_by_that_role(observer, lahijan):
    with pytest.raises(Http404):
        get_municipality_for_user(observer, "lahijan")


def test_anonymous_reaches_nothing(lahijan):
    with pytest.raises(Http404):
        get_municipality_for_user(AnonymousUser(), "lahijan")


def test_departments_are_scoped_to_their_municipality(rudsar_reporter, lahijan_green):
    with pytest.raises(Http404):
        get_department_for_user(rudsar_reporter, lahijan_green.pk)


def test_network_is_read_by_members_and_written_by_the_secretariat(
    east_gilan, rudsar_head, observer, lahijan_head
):
    assert get_network_for_user(rudsar_head, "east-gilan")[0] == east_gilan
    assert get_network_for_user(observer, "east-gilan")[0] == east_gilan
    assert get_network_for_user(lahijan_head, "east-gilan", write=True)[0] == east_gilan
    with pytest.raises(PermissionDenied):
        get_network_for_user(rudsar_head, "east-gilan", write=True)
    with pytest.raises(PermissionDenied):
        get_network_for_user(observer, "east-gilan", write=True)


def test_a_municipality_outside_the_network_does_not_read_it(east_gilan, db):
    from ravabet.conftest import make_municipality, make_user
    from ravabet.network.models import Membership, Role

    outsider = make_user("rasht-head")
    Membership.objects.create(
        user=outsider,
        role=Role.PR_HEAD,
        municipality=make_municipality("rasht", "رشت", "Rasht", "رشت"),
    )
    with pytest.raises(Http404):
        get_network_for_user(outsider, "east-gilan")
