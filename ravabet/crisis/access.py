"""The only way a view reaches an incident and what belongs to it: scoped to the user.

An incident is read by the staff of every municipality it concerns and by the secretariat
and observers of the network that opened it (or of a network those municipalities belong
to); it is written by those municipalities' PR offices and that secretariat. Only the
spokesperson approves statements. Anybody else: 404.
"""

from __future__ import annotations

from typing import TypeVar

from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _

from ravabet.network.access import (
    AnyUser,
    Rights,
    memberships_of,
    require,
    rights_in_municipality,
    rights_in_network,
)
from ravabet.network.models import Municipality, Network, Role

from .models import Contact, Fact, Incident, Publication, Rumour, Shift, Statement, TimelineEntry


def rights_in_incident(user: AnyUser, incident: Incident) -> Rights:
    """The best of the user's rights in the incident's municipalities and its network."""
    municipalities = list(incident.municipalities.all())
    candidates = [rights_in_municipality(user, m) for m in municipalities]
    networks: set[int] = set()
    if incident.network_id:
        networks.add(incident.network_id)
    # The secretariat of a network the municipalities belong to follows its members.
    mine = memberships_of(user).network_ids
    if mine and municipalities:
        through = Network.members.through.objects.filter(
            municipality_id__in=[m.pk for m in municipalities], network_id__in=list(mine)
        )
        networks |= set(through.values_list("network_id", flat=True))
    for network in Network.objects.filter(pk__in=networks):
        rights = rights_in_network(user, network)
        # Member staff read a network's page; here they read only their own incidents.
        if rights.roles:
            candidates.append(rights)
    if not candidates:
        return Rights()
    best = max(candidates, key=lambda r: (r.write, r.head, r.read))
    roles = frozenset().union(*(r.roles for r in candidates))
    return Rights(
        read=best.read,
        write=best.write,
        head=best.head,
        municipality=best.municipality,
        roles=roles,
    )


def get_incident_for_user(
    user: AnyUser, pk: int, *, write: bool = False
) -> tuple[Incident, Rights]:
    try:
        incident = Incident.objects.with_people().get(pk=pk)
    except Incident.DoesNotExist:
        raise Http404(_("No such incident.")) from None
    return incident, require(
        rights_in_incident(user, incident),
        write=write,
        refused=_("Your role here can read this incident but not change it."),
    )


M = TypeVar("M", bound=models.Model)


def _part_for_user(
    model: type[M], user: AnyUser, pk: int, *, write: bool, missing: str
) -> tuple[M, Incident, Rights]:
    try:
        record = model._default_manager.select_related("incident").get(pk=pk)  # type: ignore[misc]
    except model.DoesNotExist:  # type: ignore[attr-defined]
        raise Http404(missing) from None
    incident, rights = get_incident_for_user(user, record.incident_id, write=write)  # type: ignore[attr-defined]
    return record, incident, rights


def get_statement_for_user(
    user: AnyUser, pk: int, *, write: bool = False
) -> tuple[Statement, Incident, Rights]:
    return _part_for_user(Statement, user, pk, write=write, missing=_("No such statement."))


def get_fact_for_user(
    user: AnyUser, pk: int, *, write: bool = False
) -> tuple[Fact, Incident, Rights]:
    return _part_for_user(Fact, user, pk, write=write, missing=_("No such fact."))


def get_rumour_for_user(
    user: AnyUser, pk: int, *, write: bool = False
) -> tuple[Rumour, Incident, Rights]:
    return _part_for_user(Rumour, user, pk, write=write, missing=_("No such rumour."))


def get_entry_for_user(
    user: AnyUser, pk: int, *, write: bool = False
) -> tuple[TimelineEntry, Incident, Rights]:
    return _part_for_user(TimelineEntry, user, pk, write=write, missing=_("No such entry."))


def get_shift_for_user(
    user: AnyUser, pk: int, *, write: bool = False
) -> tuple[Shift, Incident, Rights]:
    return _part_for_user(Shift, user, pk, write=write, missing=_("No such shift."))


def get_publication_for_user(
    user: AnyUser, pk: int, *, write: bool = False
) -> tuple[Publication, Statement, Incident, Rights]:
    try:
        publication = Publication.objects.select_related("statement", "municipality").get(pk=pk)
    except Publication.DoesNotExist:
        raise Http404(_("No such publication.")) from None
    incident, rights = get_incident_for_user(user, publication.statement.incident_id, write=write)
    return publication, publication.statement, incident, rights


def get_contact_for_user(user: AnyUser, pk: int, *, write: bool = False) -> tuple[Contact, Rights]:
    try:
        contact = Contact.objects.select_related("municipality").get(pk=pk)
    except Contact.DoesNotExist:
        raise Http404(_("No such contact.")) from None
    return contact, require(rights_in_municipality(user, contact.municipality), write=write)


def may_open_for(user: AnyUser, municipality: Municipality) -> bool:
    """A PR head opens an incident for their own municipality."""
    return Role.PR_HEAD in rights_in_municipality(user, municipality).roles
