"""Who is told: the people a thing waits on, found from the memberships (network.models).

Each function returns a QuerySet of active users, so `notify` reads them in one query.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from ravabet.network.models import Role, User

if TYPE_CHECKING:
    from ravabet.meetings.models import Meeting, Resolution


def _with_role(roles: list[str], **place: object) -> QuerySet[User]:
    memberships = {f"memberships__{k}": v for k, v in place.items()}
    return User.objects.filter(
        is_active=True, memberships__role__in=roles, **memberships
    ).distinct()


def pr_heads(municipality_id: int) -> QuerySet[User]:
    """Who approves and publishes the municipality's news."""
    return _with_role([Role.PR_HEAD], municipality_id=municipality_id)


def managers(municipality_id: int) -> QuerySet[User]:
    """Who gives the manager's approval of the kinds of news that need it."""
    return _with_role([Role.MANAGER], municipality_id=municipality_id)


def pr_office(municipality_id: int) -> QuerySet[User]:
    """The municipality's PR head(s) and PR staff: who handle its newsroom and its citizens'
    messages (departments have no accounts of their own yet)."""
    return _with_role([Role.PR_HEAD, Role.PR_STAFF], municipality_id=municipality_id)


def secretariat(network_id: int) -> QuerySet[User]:
    return _with_role([Role.SECRETARIAT], network_id=network_id)


def meeting_keepers(meeting: Meeting) -> QuerySet[User]:
    """Who keeps a meeting's minutes and follows its resolutions: a network's secretariat,
    or for an office's own meeting its PR office."""
    if meeting.network_id is not None:
        return secretariat(meeting.network_id)
    return pr_office(meeting.municipality_id or 0)


def resolution_owners(resolution: Resolution) -> QuerySet[User]:
    """The people who answer for a resolution: the owner municipality's PR head(s) (also for
    a department or a named person of it); the secretariat's own resolutions, its keepers."""
    if resolution.owner_municipality_id is not None:
        return pr_heads(resolution.owner_municipality_id)
    if resolution.owner_kind == "secretariat":
        return meeting_keepers(resolution.meeting)
    return User.objects.none()


def among_staff(user_ids: list[int | None], municipality_id: int) -> QuerySet[User]:
    """Those of these people who work in the municipality: a news item's author may be the
    secretariat (a meeting's draft), who cannot open the newsroom's item."""
    return User.objects.filter(
        pk__in=[pk for pk in user_ids if pk is not None],
        is_active=True,
        memberships__municipality_id=municipality_id,
    ).distinct()
