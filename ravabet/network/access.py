"""The only way a view reaches a network record: scoped to the user.

Another municipality's private record is a 404 (its existence is not confirmed); a
read-only role asking to write is a 403.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from .models import (
    MUNICIPAL_ROLES,
    WRITING_ROLES,
    Department,
    Membership,
    Municipality,
    Network,
    Role,
    User,
)

AnyUser = User | AnonymousUser


def roles_in_municipality(user: AnyUser, municipality: Municipality) -> frozenset[str]:
    return frozenset(
        Membership.objects.for_user(user)
        .filter(municipality=municipality)
        .values_list("role", flat=True)
    )


def roles_in_network(user: AnyUser, network: Network) -> frozenset[str]:
    return frozenset(
        Membership.objects.for_user(user).filter(network=network).values_list("role", flat=True)
    )


def _check(roles: frozenset[str], *, write: bool) -> None:
    if not roles:
        raise Http404(_("No such page, or it is not yours to see."))
    if write and not roles & WRITING_ROLES:
        raise PermissionDenied(_("Your role here can read but not change this."))


def get_municipality_for_user(user: AnyUser, slug: str, *, write: bool = False) -> Municipality:
    try:
        municipality = Municipality.objects.get(slug=slug)
    except Municipality.DoesNotExist:
        raise Http404(_("No such municipality.")) from None
    _check(roles_in_municipality(user, municipality) & MUNICIPAL_ROLES, write=write)
    return municipality


def get_department_for_user(user: AnyUser, pk: int, *, write: bool = False) -> Department:
    try:
        department = Department.objects.select_related("municipality").get(pk=pk)
    except Department.DoesNotExist:
        raise Http404(_("No such department.")) from None
    _check(roles_in_municipality(user, department.municipality) & MUNICIPAL_ROLES, write=write)
    return department


def get_network_for_user(user: AnyUser, slug: str, *, write: bool = False) -> Network:
    """Secretariat staff and observers of the network, and the staff of its members, may read;
    only the secretariat writes."""
    try:
        network = Network.objects.select_related("host").get(slug=slug)
    except Network.DoesNotExist:
        raise Http404(_("No such network.")) from None
    roles = roles_in_network(user, network)
    if not roles and (
        Membership.objects.for_user(user)
        .filter(municipality__networks=network, role__in=MUNICIPAL_ROLES)
        .exists()
    ):
        # Member offices read the network's pages; they write through their own office.
        roles = frozenset({Role.MANAGER.value})
    _check(roles, write=write)
    return network
