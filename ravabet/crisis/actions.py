"""What happens in the crisis room: opening, the timeline, facts, statements and their
publication to every channel at once, rumours, shifts, contacts, closing."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from ravabet.core.publiccache import public_changed
from ravabet.lib.i18n import local_digits
from ravabet.lib.jalali import format_datetime
from ravabet.media.actions import distribute_release, retry_distribution
from ravabet.media.models import DeliveryStatus, Journalist
from ravabet.network.models import Municipality, Network, User
from ravabet.newsroom import actions as newsroom
from ravabet.newsroom.models import Kind as NewsKind
from ravabet.newsroom.models import NewsItem
from ravabet.newsroom.models import Status as NewsStatus
from ravabet.notifications.actions import notify
from ravabet.notifications.models import Kind as Notice
from ravabet.notifications.recipients import managers, pr_office, secretariat

from . import static
from .models import (
    UNPUBLISHED,
    Channel,
    Contact,
    EntryKind,
    Fact,
    FactStatus,
    Incident,
    IncidentStatus,
    Publication,
    Rumour,
    Shift,
    Statement,
    StatementStatus,
    StepStatus,
    TeamMember,
    Template,
    TimelineEntry,
)

log = logging.getLogger(__name__)


class CrisisError(Exception):
    """What was asked cannot be done; the message says why, in the user's language."""


def _entry(
    incident: Incident,
    kind: str,
    text: str,
    by: User | None,
    *,
    at: dt.datetime | None = None,
    corrects: TimelineEntry | None = None,
) -> TimelineEntry:
    now = timezone.now()
    return TimelineEntry.objects.create(
        incident=incident,
        kind=kind,
        text=text,
        author=by,
        happened_at=at or now,
        recorded_at=now,
        corrects=corrects,
    )


def _check_open(incident: Incident) -> None:
    if not incident.is_open:
        raise CrisisError(_("This incident is closed; its record is kept as it is."))


# --- opening ----------------------------------------------------------------------------


@transaction.atomic
def open_incident(
    incident: Incident,
    by: User,
    *,
    municipalities: Iterable[Municipality],
    team: Iterable[tuple[User, str]] = (),
) -> Incident:
    """Save a new incident with its municipalities and team; everyone in those offices
    (and the secretariat) hears of it, and it shows at the top of their pages."""
    places = list(municipalities)
    if not places:
        raise CrisisError(_("Choose at least one municipality concerned."))
    if incident.network_id is None and len(places) > 1:
        raise CrisisError(
            _("Only the network's secretariat opens an incident for several members.")
        )
    incident.opened_by = by
    incident.opened_at = timezone.now()
    incident.status = IncidentStatus.OPEN
    incident.save()
    incident.municipalities.set(places)
    members = {(by.pk, "coordinator")}
    TeamMember.objects.create(incident=incident, user=by, role="coordinator")
    for user, role in team:
        if (user.pk, role) not in members:
            members.add((user.pk, role))
            TeamMember.objects.create(incident=incident, user=user, role=role)
    _entry(
        incident,
        EntryKind.OPENED,
        _("Incident opened: %(title)s. Spokesperson: %(spokesperson)s.")
        % {"title": incident.title, "spokesperson": incident.spokesperson},
        by,
        at=incident.started_at,
    )
    told: set[int] = set()
    for municipality in places:
        told |= set(pr_office(municipality.pk).values_list("pk", flat=True))
        told |= set(managers(municipality.pk).values_list("pk", flat=True))
    if incident.network_id:
        told |= set(secretariat(incident.network_id).values_list("pk", flat=True))
    told.add(incident.spokesperson_id)
    notify(
        told,
        Notice.INCIDENT_OPENED,
        target=incident,
        actor=by,
        params={"title": incident.title},
    )
    return incident


@transaction.atomic
def add_to_team(incident: Incident, by: User, user: User, role: str) -> TeamMember:
    _check_open(incident)
    member, _created = TeamMember.objects.get_or_create(incident=incident, user=user, role=role)
    return member


# --- the timeline -----------------------------------------------------------------------


@transaction.atomic
def record_entry(
    incident: Incident, by: User, text: str, *, at: dt.datetime | None = None
) -> TimelineEntry:
    _check_open(incident)
    return _entry(incident, EntryKind.NOTE, text, by, at=at)


@transaction.atomic
def correct_entry(entry: TimelineEntry, by: User, text: str) -> TimelineEntry:
    """The entry stays; a new one points to it and says what was wrong."""
    _check_open(entry.incident)
    return _entry(entry.incident, EntryKind.CORRECTION, text, by, corrects=entry)


# --- facts ------------------------------------------------------------------------------


@transaction.atomic
def add_fact(incident: Incident, by: User, *, text: str, source: str) -> Fact:
    _check_open(incident)
    fact = Fact.objects.create(incident=incident, text=text, source=source, recorded_by=by)
    _entry(
        incident,
        EntryKind.FACT,
        _("Fact recorded (unverified): %(text)s — source: %(source)s")
        % {"text": text, "source": source},
        by,
    )
    return fact


@transaction.atomic
def verify_fact(fact: Fact, by: User) -> Fact:
    fact = Fact.objects.select_for_update().select_related("incident").get(pk=fact.pk)
    _check_open(fact.incident)
    if fact.status != FactStatus.UNVERIFIED:
        raise CrisisError(_("Only an unverified fact can be verified."))
    fact.status = FactStatus.VERIFIED
    fact.verified_by = by
    fact.verified_at = timezone.now()
    fact.save(update_fields=["status", "verified_by", "verified_at"])
    _entry(fact.incident, EntryKind.FACT, _("Fact verified: %(text)s") % {"text": fact.text}, by)
    return fact


@transaction.atomic
def retract_fact(fact: Fact, by: User, *, reason: str) -> list[Statement]:
    """The fact is retracted; returns the statements that cited it (they may need a new
    statement that supersedes them)."""
    fact = Fact.objects.select_for_update().select_related("incident").get(pk=fact.pk)
    if fact.status == FactStatus.RETRACTED:
        raise CrisisError(_("This fact is already retracted."))
    if not reason.strip():
        raise CrisisError(_("Say why the fact is retracted."))
    fact.status = FactStatus.RETRACTED
    fact.retracted_by = by
    fact.retracted_at = timezone.now()
    fact.retraction_reason = reason.strip()
    fact.save(update_fields=["status", "retracted_by", "retracted_at", "retraction_reason"])
    citing = list(fact.statements.exclude(status=StatementStatus.DISCARDED).order_by("pk"))
    _entry(
        fact.incident,
        EntryKind.FACT,
        _("Fact retracted: %(text)s — %(reason)s") % {"text": fact.text, "reason": reason},
        by,
    )
    return citing


# --- statements -------------------------------------------------------------------------


def _verified_lines(incident: Incident) -> str:
    return "\n".join(f"- {f.text}" for f in incident.facts.verified().order_by("pk"))


def template_text(incident: Incident, template: str) -> dict[str, str]:
    """The first words of a statement of this template, in the site's language."""
    facts = _verified_lines(incident)
    with translation.override(settings.LANGUAGE_CODE):
        if template == Template.HOLDING:
            return {
                "title": _("On the %(incident)s") % {"incident": incident.title},
                "known": (
                    _(
                        "At %(time)s the municipality learned of the %(incident)s. "
                        "What is confirmed so far:"
                    )
                    % {
                        "time": local_digits(
                            timezone.localtime(incident.started_at).strftime("%H:%M")
                        ),
                        "incident": incident.title,
                    }
                    + ("\n" + facts if facts else "")
                ),
                "doing": _(
                    "The municipality's crisis team is at work with the fire service, the Red "
                    "Crescent and the governorate. Please follow only official statements."
                ),
                "next_update": _("Within the hour, or sooner if anything changes."),
            }
        if template == Template.RUMOUR:
            return {
                "title": _("What is being said about the %(incident)s")
                % {"incident": incident.title},
                "known": _("A claim is spreading that is not true. The facts are:")
                + ("\n" + facts if facts else ""),
                "doing": _("Please pass on only what the municipality's statements say."),
                "next_update": _("In the next statement."),
            }
        if template == Template.ALL_CLEAR:
            return {
                "title": _("The %(incident)s is over") % {"incident": incident.title},
                "known": _("The situation is back to normal.") + ("\n" + facts if facts else ""),
                "doing": _("The municipality thanks the services and the citizens."),
                "next_update": _("A report will follow."),
            }
        return {
            "title": _("Update on the %(incident)s") % {"incident": incident.title},
            "known": facts,
            "doing": "",
            "next_update": _("At the next update."),
        }


def _check_facts(incident: Incident, facts: Iterable[Fact]) -> list[Fact]:
    chosen = list(facts)
    for fact in chosen:
        if fact.incident_id != incident.pk:
            raise CrisisError(_("A statement cites only facts of its own incident."))
        if fact.status != FactStatus.VERIFIED:
            raise CrisisError(
                _("“%(fact)s” is not verified; a statement cites only verified facts.")
                % {"fact": fact.text[:80]}
            )
    return chosen


@transaction.atomic
def draft_statement(
    incident: Incident,
    by: User,
    *,
    template: str,
    supersedes: Statement | None = None,
) -> Statement:
    _check_open(incident)
    if template not in Template.values:
        raise CrisisError(_("Choose a template."))
    if supersedes is not None and (
        supersedes.incident_id != incident.pk or supersedes.status != StatementStatus.PUBLISHED
    ):
        raise CrisisError(_("Only a published statement of this incident can be superseded."))
    text = template_text(incident, template)
    statement = Statement.objects.create(
        incident=incident, template=template, drafted_by=by, supersedes=supersedes, **text
    )
    statement.facts.set(incident.facts.verified())
    return statement


@transaction.atomic
def save_statement(statement: Statement, by: User, *, facts: Iterable[Fact]) -> Statement:
    """A draft's text and cited facts; once waiting for approval, a change sends it back to
    draft. An approved or published statement is not changed."""
    current = Statement.objects.select_for_update().get(pk=statement.pk)
    if not current.is_editable:
        raise CrisisError(
            _(
                "This statement is approved or published and is not changed; "
                "write a new one that supersedes it."
            )
        )
    chosen = _check_facts(statement.incident, facts)
    statement.status = StatementStatus.DRAFT
    statement.save(update_fields=["title", "known", "doing", "next_update", "status"])
    statement.facts.set(chosen)
    return statement


@transaction.atomic
def submit_statement(statement: Statement, by: User) -> Statement:
    current = Statement.objects.select_for_update().get(pk=statement.pk)
    if current.status != StatementStatus.DRAFT:
        raise CrisisError(_("Only a draft is sent to the spokesperson."))
    _check_facts(statement.incident, statement.facts.all())
    statement.status = StatementStatus.AWAITING
    statement.save(update_fields=["status"])
    notify(
        [statement.incident.spokesperson_id],
        Notice.STATEMENT_AWAITING,
        target=statement,
        actor=by,
        occasion=timezone.now().isoformat(),
        params={"title": statement.title},
    )
    return statement


@transaction.atomic
def approve_statement(statement: Statement, by: User) -> Statement:
    current = Statement.objects.select_for_update().select_related("incident").get(pk=statement.pk)
    _check_open(current.incident)
    if by.pk != current.incident.spokesperson_id:
        raise CrisisError(_("Only the incident's spokesperson approves its statements."))
    if current.status not in (StatementStatus.DRAFT, StatementStatus.AWAITING):
        raise CrisisError(_("Only a draft or a statement awaiting approval can be approved."))
    _check_facts(current.incident, current.facts.all())
    current.status = StatementStatus.APPROVED
    current.approved_by = by
    current.approved_at = timezone.now()
    current.save(update_fields=["status", "approved_by", "approved_at"])
    return current


@transaction.atomic
def discard_statement(statement: Statement, by: User, *, reason: str) -> Statement:
    current = Statement.objects.select_for_update().get(pk=statement.pk)
    if current.status not in UNPUBLISHED:
        raise CrisisError(_("A published statement is not discarded; supersede it instead."))
    current.status = StatementStatus.DISCARDED
    current.discarded_reason = reason.strip() or _("Discarded.")
    current.save(update_fields=["status", "discarded_reason"])
    return current


def statement_heading(statement: Statement) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("Statement no. %(number)s: %(title)s") % {
            "number": local_digits(str(statement.number)),
            "title": statement.title,
        }


def _body_html(statement: Statement) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        parts = [
            (_("What we know"), statement.known),
            (_("What we are doing"), statement.doing),
            (_("When we will say more"), statement.next_update),
        ]
    html = []
    for heading, text in parts:
        if text.strip():
            lines = "<br>".join(escape(line) for line in text.strip().splitlines())
            html.append(f"<h3>{escape(heading)}</h3><p>{lines}</p>")
    return "".join(html)


def _newsroom_item(statement: Statement, municipality: Municipality, by: User) -> NewsItem:
    """The statement as a published news item of the municipality's newsroom, through the
    newsroom's own actions. The spokesperson's approval is the approval: in a crisis one
    voice speaks, and a kind the newsroom sends to the manager counts as approved by it."""
    item = NewsItem(
        municipality=municipality,
        kind=NewsKind.STATEMENT,
        title=statement_heading(statement)[:250],
        surtitle=statement.incident.title[:250],
        lead=statement.known[:1000],
        body=_body_html(statement),
        status=NewsStatus.APPROVED,
        approved_by=statement.approved_by,
    )
    if newsroom.manager_approval_required(item):
        item.manager_approved_by = statement.approved_by
        item.manager_approved_at = statement.approved_at
    newsroom.save_news_item(item, by, note=statement_heading(statement)[:200])
    return newsroom.publish_item(item, by)


def _step(
    statement: Statement, municipality: Municipality, channel: str, by: User, base_url: str
) -> Publication:
    """Run one channel of one municipality, in its own savepoint: a failure is recorded
    and the other channels still go out."""
    publication, created = Publication.objects.get_or_create(
        statement=statement,
        municipality=municipality,
        channel=channel,
        defaults={"status": StepStatus.FAILED},
    )
    if not created:
        publication.attempts += 1
    news = (
        Publication.objects.filter(
            statement=statement, municipality=municipality, channel=Channel.NEWSROOM
        )
        .values_list("news_item_id", flat=True)
        .first()
    )
    try:
        with transaction.atomic():
            if channel == Channel.BANNER:
                pass  # the public pages read the published statement themselves
            elif channel == Channel.NEWSROOM:
                if publication.news_item_id is None:
                    publication.news_item = _newsroom_item(statement, municipality, by)
            elif news is None:
                raise CrisisError(_("The newsroom item was not published; retry it first."))
            elif channel == Channel.MESSENGER:
                item = NewsItem.objects.get(pk=news)
                publication.channel_post = newsroom.post_to_channel(
                    item, base_url + item.get_absolute_url()
                )
            elif channel == Channel.JOURNALISTS:
                item = NewsItem.objects.get(pk=news)
                journalists = Journalist.objects.filter(municipality=municipality).reachable()
                publication.distribution = distribute_release(item, journalists, by, base_url)
        publication.status, publication.reason = StepStatus.DONE, ""
    except newsroom.WorkflowError as error:
        # Not set up (no channel, no journalist): said plainly, not a failure.
        publication.status, publication.reason = StepStatus.SKIPPED, str(error)
    except Exception as error:  # one channel's fault must not stop the others
        log.exception("publishing statement %s to %s failed", statement.pk, channel)
        publication.status, publication.reason = StepStatus.FAILED, str(error)[:1000] or repr(error)
    publication.save()
    return publication


CHANNEL_ORDER = (Channel.BANNER, Channel.NEWSROOM, Channel.MESSENGER, Channel.JOURNALISTS)


@transaction.atomic
def publish_statement(statement: Statement, by: User, *, base_url: str) -> Statement:
    """Number the approved statement and send it to every channel at once.

    The statement row is locked first (a double click or two people publishing the same
    one: the second is told it went out), then the incident's counter row: numbers run
    with no gap and no repeat however many publish at once (on SQLite the database's
    write lock serialises the same way).
    """
    current = Statement.objects.select_for_update().get(pk=statement.pk)
    if current.status == StatementStatus.PUBLISHED:
        raise CrisisError(
            _("This statement was already published as no. %(number)s.")
            % {"number": local_digits(str(current.number))}
        )
    if current.status != StatementStatus.APPROVED or current.approved_by_id is None:
        raise CrisisError(
            _("The spokesperson has not approved this statement; it is not published.")
        )
    incident = Incident.objects.select_for_update().get(pk=current.incident_id)
    _check_open(incident)
    _check_facts(incident, current.facts.all())
    incident.last_number += 1
    incident.save(update_fields=["last_number"])
    current.incident = incident
    current.number = incident.last_number
    current.status = StatementStatus.PUBLISHED
    current.published_by = by
    current.published_at = timezone.now()
    current.save(update_fields=["number", "status", "published_by", "published_at"])
    if current.supersedes_id:
        Statement.objects.filter(pk=current.supersedes_id, status=StatementStatus.PUBLISHED).update(
            status=StatementStatus.SUPERSEDED
        )
    _entry(incident, EntryKind.STATEMENT, statement_heading(current), by)
    municipalities = list(incident.municipalities.order_by("pk"))
    for municipality in municipalities:
        for channel in CHANNEL_ORDER:
            _step(current, municipality, channel, by, base_url.rstrip("/"))
    public_changed(current)
    transaction.on_commit(partial(static.write_pages, [m.pk for m in municipalities]))
    told = set(incident.team.values_list("user_id", flat=True))
    for municipality in municipalities:
        told |= set(pr_office(municipality.pk).values_list("pk", flat=True))
        told |= set(managers(municipality.pk).values_list("pk", flat=True))
    notify(
        told,
        Notice.STATEMENT_PUBLISHED,
        target=current,
        actor=by,
        params={"title": statement_heading(current)},
    )
    return current


@transaction.atomic
def retry_publication(publication: Publication, by: User, *, base_url: str) -> Publication:
    """A failed channel again: a step that failed here runs again; a channel post or a
    journalist's email that failed is queued again by the outbox, which never sends a row
    twice."""
    publication = (
        Publication.objects.select_for_update(of=("self",))
        .select_related("statement", "municipality", "channel_post", "distribution")
        .get(pk=publication.pk)
    )
    if publication.status == StepStatus.FAILED:
        return _step(
            publication.statement, publication.municipality, publication.channel, by, base_url
        )
    post = publication.channel_post
    if post is not None and post.retryable:
        newsroom.retry_channel_post(post)
        return publication
    distribution = publication.distribution
    if (
        distribution is not None
        and distribution.deliveries.filter(status__in=[DeliveryStatus.FAILED]).exists()
    ):
        retry_distribution(distribution)
        return publication
    raise CrisisError(_("Nothing failed on this channel; nothing is sent again."))


# --- rumours, shifts, contacts ----------------------------------------------------------


@transaction.atomic
def add_rumour(rumour: Rumour, by: User) -> Rumour:
    _check_open(rumour.incident)
    rumour.recorded_by = by
    rumour.save()
    _entry(
        rumour.incident,
        EntryKind.RUMOUR,
        _("Rumour seen at %(where)s: %(text)s") % {"where": rumour.where_seen, "text": rumour.text},
        by,
        at=rumour.seen_at,
    )
    return rumour


@transaction.atomic
def update_rumour(rumour: Rumour, by: User) -> Rumour:
    if rumour.answered_by is not None and (
        rumour.answered_by.incident_id != rumour.incident_id or not rumour.answered_by.is_public
    ):
        raise CrisisError(_("A rumour is answered by a published statement of its incident."))
    rumour.save(update_fields=["status", "answered_by", "reply"])
    _entry(
        rumour.incident,
        EntryKind.RUMOUR,
        _("Rumour marked %(status)s: %(text)s")
        % {"status": rumour.get_status_display(), "text": rumour.text[:200]},
        by,
    )
    return rumour


@transaction.atomic
def add_shift(shift: Shift, by: User) -> Shift:
    _check_open(shift.incident)
    shift.save()
    _entry(
        shift.incident,
        EntryKind.SHIFT,
        _("Shift: %(who)s, %(start)s to %(end)s")
        % {
            "who": shift.user,
            "start": format_datetime(shift.starts_at, lang=settings.LANGUAGE_CODE),
            "end": format_datetime(shift.ends_at, lang=settings.LANGUAGE_CODE),
        },
        by,
    )
    return shift


@transaction.atomic
def save_contact(contact: Contact) -> Contact:
    contact.save()
    return contact


@transaction.atomic
def mark_contact_verified(contact: Contact) -> Contact:
    contact.last_verified_on = timezone.localdate()
    contact.save(update_fields=["last_verified_on"])
    return contact


# --- closing ----------------------------------------------------------------------------


@transaction.atomic
def close_incident(incident: Incident, by: User, *, discard_drafts: bool = False) -> Incident:
    """Close it; unpublished statements must be discarded on purpose first (or with
    ``discard_drafts``), so nothing said is lost and nothing unsaid slips out later."""
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    _check_open(incident)
    drafts = list(incident.statements.unpublished().order_by("pk"))
    if drafts and not discard_drafts:
        raise CrisisError(
            _(
                "%(count)s statement(s) are not published: %(titles)s. Publish them, or "
                "close with “discard the unpublished statements” ticked."
            )
            % {
                "count": local_digits(str(len(drafts))),
                "titles": "، ".join(d.title for d in drafts),
            }
        )
    for draft in drafts:
        discard_statement(draft, by, reason=_("Discarded when the incident was closed."))
    incident.status = IncidentStatus.CLOSED
    incident.closed_at = timezone.now()
    incident.closed_by = by
    incident.save(update_fields=["status", "closed_at", "closed_by"])
    _entry(incident, EntryKind.CLOSED, _("Incident closed."), by, at=incident.closed_at)
    # The banners of the public pages go with the incident.
    public_changed(incident)
    transaction.on_commit(
        partial(static.write_pages, list(incident.municipalities.values_list("pk", flat=True)))
    )
    return incident


def open_incidents_for(user: User) -> list[Incident]:
    """The bar at the top of the office's pages: one query, from the memberships the
    request has read already for its access check (never a second read of them)."""
    from ravabet.network.access import memberships_of

    if not user.is_authenticated:
        return []
    memberships = memberships_of(user)
    own = {m.municipality_id for m in memberships.rows if m.municipality_id}
    networks = memberships.network_ids
    if not own and not networks:
        return []
    members = Network.members.through.objects.filter(network_id__in=networks).values("municipality")
    return list(
        Incident.objects.open()
        .filter(
            Q(municipalities__in=own) | Q(municipalities__in=members) | Q(network_id__in=networks)
        )
        .distinct()
        .only("pk", "title", "kind", "severity")
        .order_by("-opened_at")[:3]
    )
