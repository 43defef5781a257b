"""The rights model: what each of the shared actors may do in a municipality and a network,
computed from memberships read once."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from ravabet.conftest import make_municipality, make_user, membership_queries
from ravabet.network.access import (
    Rights,
    memberships_of,
    require,
    rights_everywhere,
    rights_in_municipality,
    rights_in_network,
)
from ravabet.network.models import Membership, Role, User
from ravabet.search.facets import Scope
from ravabet.search.models import Audience


@pytest.fixture
def outsider(db) -> User:  # type: ignore[no-untyped-def]
    """The PR head of a municipality outside the network."""
    rasht = make_municipality("rasht", "رشت", "Rasht", "رشت")
    user = make_user("rasht-head")
    Membership.objects.create(user=user, role=Role.PR_HEAD, municipality=rasht)
    return user


def test_a_pr_head_reads_writes_and_makes_the_heads_calls(rudsar_head, rudsar):
    assert rights_in_municipality(rudsar_head, rudsar) == Rights(
        read=True, write=True, head=True, municipality=rudsar, roles=frozenset({Role.PR_HEAD})
    )


def test_pr_staff_read_and_write_but_are_not_the_head(rudsar_reporter, rudsar):
    rights = rights_in_municipality(rudsar_reporter, rudsar)
    assert (rights.read, rights.write, rights.head) == (True, True, False)
    assert rights.municipality == rudsar
    assert rights.role_labels == [Role.PR_STAFF.label]


def test_a_manager_reads_only(lahijan_manager, lahijan):
    rights = rights_in_municipality(lahijan_manager, lahijan)
    assert (rights.read, rights.write, rights.head) == (True, False, False)
    assert rights.municipality is None and not rights.propose


def test_staff_have_no_rights_in_another_municipality(rudsar_head, lahijan):
    assert rights_in_municipality(rudsar_head, lahijan) == Rights()


def test_the_secretariat_writes_in_the_network_and_speaks_for_its_own_office(
    lahijan_head, east_gilan, lahijan
):
    rights = rights_in_network(lahijan_head, east_gilan)
    assert (rights.read, rights.write) == (True, True)
    assert rights.municipality == lahijan and rights.head
    assert rights.roles == {Role.SECRETARIAT}


def test_a_members_pr_office_reads_the_network_and_proposes_for_its_municipality(
    rudsar_head, rudsar_reporter, lahijan_manager, east_gilan, rudsar
):
    head = rights_in_network(rudsar_head, east_gilan)
    assert (head.read, head.write, head.propose, head.head) == (True, False, True, True)
    assert head.municipality == rudsar
    reporter = rights_in_network(rudsar_reporter, east_gilan)
    assert (reporter.read, reporter.write, reporter.propose, reporter.head) == (
        True,
        False,
        True,
        False,
    )
    manager = rights_in_network(lahijan_manager, east_gilan)
    assert (manager.read, manager.write, manager.propose) == (True, False, False)


def test_an_observer_reads_the_network_and_no_municipality(observer, east_gilan, lahijan):
    rights = rights_in_network(observer, east_gilan)
    assert (rights.read, rights.write, rights.propose) == (True, False, False)
    assert rights.roles == {Role.OBSERVER}
    assert rights_in_municipality(observer, lahijan) == Rights()


def test_an_outsider_has_no_rights_in_the_network_or_its_members(outsider, east_gilan, rudsar):
    assert rights_in_network(outsider, east_gilan) == Rights()
    assert rights_in_municipality(outsider, rudsar) == Rights()


def test_anonymous_has_no_rights_and_costs_no_query(lahijan, east_gilan, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert rights_in_municipality(AnonymousUser(), lahijan) == Rights()
        assert rights_in_network(AnonymousUser(), east_gilan) == Rights()
        assert Scope.for_user(AnonymousUser()).reaches == Scope.public().reaches


def test_an_inactive_account_has_no_rights(rudsar_head, rudsar):
    rudsar_head.is_active = False
    assert rights_in_municipality(rudsar_head, rudsar) == Rights()


def test_memberships_are_read_once_however_many_questions_are_asked(
    lahijan_head, lahijan, rudsar, east_gilan
):
    user = User.objects.get(pk=lahijan_head.pk)  # as a request loads it
    with CaptureQueriesContext(connection) as queries:
        rights_in_municipality(user, lahijan)
        rights_in_municipality(user, rudsar)
        rights_in_network(user, east_gilan)
        rights_everywhere(user)
        Scope.for_user(user)
    assert len(membership_queries(queries)) == 1
    assert memberships_of(user) is memberships_of(user)


def test_search_sees_what_the_rights_say(lahijan_head, rudsar_reporter, lahijan, east_gilan):
    scope = {r.audience: r for r in Scope.for_user(rudsar_reporter).reaches}
    rudsar_id = rights_in_network(rudsar_reporter, east_gilan).municipality.pk  # type: ignore[union-attr]
    assert scope[Audience.MUNICIPALITY].municipalities == {rudsar_id}
    assert scope[Audience.PR].municipalities == {rudsar_id}
    assert scope[Audience.NETWORK].networks == {east_gilan.pk}
    places = rights_everywhere(lahijan_head)
    assert places.municipalities[lahijan.pk].head
    assert places.networks[east_gilan.pk].write


def test_require_is_a_404_without_read_and_a_403_without_the_right_asked():
    with pytest.raises(Http404):
        require(Rights())
    reader = Rights(read=True)
    assert require(reader) is reader
    with pytest.raises(PermissionDenied):
        require(reader, write=True)
    with pytest.raises(PermissionDenied):
        require(Rights(read=True, write=True), head=True)
