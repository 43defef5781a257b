"""Who sees a work log: the person whose log it is, and the PR head of their office.

Nobody else (the office's manager, the secretariat, the governorate's observer, another
office) learns that a log exists: a 404. They see aggregates of groups of at least five
people (views.network_aggregate), never a person. The PR head reads a person's log but does
not change it: the person confirms or corrects their own work (a 403 says so).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from ravabet.network.access import AnyUser, memberships_of
from ravabet.network.models import PR_ROLES, Municipality, Role

from .models import Entry, Pack, WorkMonth


@dataclass(frozen=True)
class LogRights:
    own: bool = False  # the person whose log (or pack) it is
    head: bool = False  # the PR head of its office

    @property
    def read(self) -> bool:
        return self.own or self.head


def office_roles(user: AnyUser, municipality_id: int) -> frozenset[str]:
    return memberships_of(user).roles_in_municipality(municipality_id) & PR_ROLES


def log_rights(user: AnyUser, municipality_id: int, person_id: int | None) -> LogRights:
    roles = office_roles(user, municipality_id)
    return LogRights(
        own=bool(roles) and person_id is not None and person_id == user.pk,
        head=Role.PR_HEAD in roles,
    )


def _require(rights: LogRights, *, write: bool, message: str) -> LogRights:
    if not rights.read:
        raise Http404(message)
    if write and not rights.own:
        raise PermissionDenied(_("Only the person whose log it is can change it."))
    return rights


def get_office_for_user(
    user: AnyUser, slug: str, *, head: bool = False
) -> tuple[Municipality, LogRights]:
    """The office's workload pages: its PR people only (head: its PR head only)."""
    try:
        municipality = Municipality.objects.get(slug=slug)
    except Municipality.DoesNotExist:
        raise Http404(_("No such municipality.")) from None
    roles = office_roles(user, municipality.pk)
    if not roles:
        raise Http404(_("No such page, or it is not yours to see."))
    if head and Role.PR_HEAD not in roles:
        raise PermissionDenied(_("Only the PR head may do this."))
    return municipality, LogRights(own=True, head=Role.PR_HEAD in roles)


def get_month_for_user(
    user: AnyUser, pk: int, *, write: bool = False
) -> tuple[WorkMonth, LogRights]:
    try:
        month = WorkMonth.objects.select_related("person", "municipality").get(pk=pk)
    except WorkMonth.DoesNotExist:
        raise Http404(_("No such work log.")) from None
    rights = log_rights(user, month.municipality_id, month.person_id)
    return month, _require(rights, write=write, message=_("No such work log."))


def get_entry_for_user(user: AnyUser, pk: int, *, write: bool = False) -> tuple[Entry, LogRights]:
    try:
        entry = Entry.objects.select_related("month__person", "month__municipality").get(pk=pk)
    except Entry.DoesNotExist:
        raise Http404(_("No such entry.")) from None
    rights = log_rights(user, entry.month.municipality_id, entry.month.person_id)
    return entry, _require(rights, write=write, message=_("No such entry."))


def get_pack_for_user(user: AnyUser, pk: int, *, head: bool = False) -> tuple[Pack, LogRights]:
    """An office's pack names every person's hours: its PR head alone reads it. A person's
    pack: the person and the PR head. Only the PR head confirms one (``head``)."""
    try:
        pack = Pack.objects.select_related(
            "municipality", "person", "created_by", "confirmed_by"
        ).get(pk=pk)
    except Pack.DoesNotExist:
        raise Http404(_("No such evidence pack.")) from None
    roles = office_roles(user, pack.municipality_id)
    rights = LogRights(
        own=bool(roles) and pack.person_id is not None and pack.person_id == user.pk,
        head=Role.PR_HEAD in roles,
    )
    if not rights.read:
        raise Http404(_("No such evidence pack."))
    if head and not rights.head:
        raise PermissionDenied(_("Only the PR head may do this."))
    return pack, rights
