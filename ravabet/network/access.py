"""The one rights model, and the only way a view reaches a municipality, department or network.

`Rights` says what a user may do in one municipality or one network. `rights_in_municipality`
and `rights_in_network` compute it from the user's memberships, which are read once per
request (`memberships_of`). Every app's `get_<thing>_for_user` returns its record together
with the user's rights where the record lives, as `(record, rights)`: the view checks nothing
again and takes its template flags from the same rights.

Another municipality's private record is a 404 (its existence is not confirmed); a
read-only role asking to write is a 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from .models import (
    MUNICIPAL_ROLES,
    PR_ROLES,
    Department,
    Membership,
    Municipality,
    Network,
    Role,
    User,
)

AnyUser = User | AnonymousUser


@dataclass(frozen=True)
class Rights:
    """What a user may do in one place: a municipality or a network.

    In a municipality its staff (PR head, PR staff, manager) read; its PR office writes
    (and sees a citizen's contact details); its PR head alone approves, publishes and
    withdraws news, sends a release or a post again and sets the office's rules.
    In a network its secretariat, its observers and the staff of its members read; the
    secretariat writes (convenes, minutes, features, closes resolutions); a member's PR
    office speaks for its municipality (proposes agenda items, shares experiences).
    """

    read: bool = False
    # A municipality: its PR office. A network: its secretariat.
    write: bool = False
    # The PR head of `municipality`.
    head: bool = False
    # The municipality whose PR office the user acts for here, if any.
    municipality: Municipality | None = None
    # The user's own roles in the place (a network's: secretariat, observer), for display.
    roles: frozenset[str] = frozenset()

    @property
    def propose(self) -> bool:
        """Speaks for a PR office here: proposes agenda items, shares experiences."""
        return self.municipality is not None

    @property
    def role_labels(self) -> list[str]:
        return [str(Role(r).label) for r in sorted(self.roles)]


class Memberships:
    """A user's memberships, read in one query and then asked any number of times."""

    def __init__(self, rows: list[Membership]) -> None:
        self.rows = rows

    def roles_in_municipality(self, municipality_id: int) -> frozenset[str]:
        return frozenset(
            m.role
            for m in self.rows
            if m.municipality_id == municipality_id and m.role in MUNICIPAL_ROLES
        )

    def roles_in_network(self, network_id: int) -> frozenset[str]:
        return frozenset(m.role for m in self.rows if m.network_id == network_id)

    @property
    def offices(self) -> list[Membership]:
        """The user's roles in municipalities' offices."""
        return [m for m in self.rows if m.municipality_id and m.role in MUNICIPAL_ROLES]

    @property
    def network_ids(self) -> set[int]:
        """The networks whose secretariat or observers the user is among."""
        return {m.network_id for m in self.rows if m.network_id}

    @cached_property
    def networks_of_offices(self) -> dict[int, frozenset[int]]:
        """The networks each of the user's municipalities belongs to (one query, when asked)."""
        ids = {m.municipality_id for m in self.offices}
        pairs: dict[int, set[int]] = {i: set() for i in ids if i}
        if pairs:
            through = Network.members.through.objects.filter(municipality_id__in=list(pairs))
            for municipality_id, network_id in through.values_list("municipality_id", "network_id"):
                pairs[municipality_id].add(network_id)
        return {i: frozenset(n) for i, n in pairs.items()}


# Kept on the user object for the rest of the request, as Django's ModelBackend keeps
# `_perm_cache`: the request's user is loaded afresh by the next request.
_CACHE = "_ravabet_memberships"


def memberships_of(user: AnyUser) -> Memberships:
    """The user's memberships, with their places: one query per request at most."""
    cached = getattr(user, _CACHE, None)
    if cached is None:
        rows = Membership.objects.for_user(user).select_related("municipality", "network")
        cached = Memberships(list(rows))
        setattr(user, _CACHE, cached)
    return cached


def rights_in_municipality(user: AnyUser, municipality: Municipality) -> Rights:
    roles = memberships_of(user).roles_in_municipality(municipality.pk)
    pr = bool(roles & PR_ROLES)
    return Rights(
        read=bool(roles),
        write=pr,
        head=Role.PR_HEAD in roles,
        municipality=municipality if pr else None,
        roles=roles,
    )


def _network_rights(memberships: Memberships, network_id: int) -> Rights:
    roles = memberships.roles_in_network(network_id)
    offices = [
        m
        for m in memberships.offices
        if network_id in memberships.networks_of_offices.get(m.municipality_id or 0, ())
    ]
    # The office the user heads, if any, before one they only work in.
    pr = sorted((m for m in offices if m.role in PR_ROLES), key=lambda m: m.role != Role.PR_HEAD)
    speaks_for = pr[0] if pr else None
    return Rights(
        read=bool(roles or offices),
        write=Role.SECRETARIAT in roles,
        head=speaks_for is not None and speaks_for.role == Role.PR_HEAD,
        municipality=speaks_for.municipality if speaks_for else None,
        roles=roles,
    )


def rights_in_network(user: AnyUser, network: Network) -> Rights:
    return _network_rights(memberships_of(user), network.pk)


@dataclass(frozen=True)
class Places:
    """The user's rights in every place they have any: by municipality id and by network id."""

    municipalities: dict[int, Rights]
    networks: dict[int, Rights]


def rights_everywhere(user: AnyUser) -> Places:
    """For what spans places (search): the same rights, from the same memberships."""
    memberships = memberships_of(user)
    municipalities = {
        m.municipality.pk: rights_in_municipality(user, m.municipality)
        for m in memberships.offices
        if m.municipality is not None
    }
    network_ids = set(memberships.network_ids)
    for ids in memberships.networks_of_offices.values():
        network_ids |= ids
    networks = {pk: _network_rights(memberships, pk) for pk in network_ids}
    return Places(municipalities, networks)


def rights_in(user: AnyUser, place: Municipality | Network) -> Rights:
    if isinstance(place, Network):
        return rights_in_network(user, place)
    return rights_in_municipality(user, place)


def require(
    rights: Rights, *, write: bool = False, head: bool = False, refused: str | None = None
) -> Rights:
    """The one access check: nothing to read is a 404; too little to do what is asked, a 403
    (`refused` says why, where the generic reason would say too little)."""
    if not rights.read:
        raise Http404(_("No such page, or it is not yours to see."))
    if head and not rights.head:
        raise PermissionDenied(refused or _("Only the PR head may do this."))
    if write and not rights.write:
        raise PermissionDenied(refused or _("Your role here can read but not change this."))
    return rights


def get_municipality_for_user(
    user: AnyUser, slug: str, *, write: bool = False, head: bool = False
) -> tuple[Municipality, Rights]:
    """``head``: a call only the PR head makes (approving, the office's settings, the log)."""
    try:
        municipality = Municipality.objects.get(slug=slug)
    except Municipality.DoesNotExist:
        raise Http404(_("No such municipality.")) from None
    rights = require(rights_in_municipality(user, municipality), write=write, head=head)
    return municipality, rights


def get_department_for_user(
    user: AnyUser, pk: int, *, write: bool = False
) -> tuple[Department, Rights]:
    try:
        department = Department.objects.select_related("municipality").get(pk=pk)
    except Department.DoesNotExist:
        raise Http404(_("No such department.")) from None
    return department, require(rights_in_municipality(user, department.municipality), write=write)


def get_network_for_user(
    user: AnyUser, slug: str, *, write: bool = False
) -> tuple[Network, Rights]:
    """Secretariat staff and observers of the network, and the staff of its members, may read;
    only the secretariat writes (member offices write through their own office)."""
    try:
        network = Network.objects.select_related("host").get(slug=slug)
    except Network.DoesNotExist:
        raise Http404(_("No such network.")) from None
    return network, require(rights_in_network(user, network), write=write)
