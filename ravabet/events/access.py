"""The only way a view reaches an event or a task: scoped to the user.

A municipality's event: its PR office writes, its manager reads. A network's event: its
secretariat writes; its observers and its members' staff read. Anybody else: 404.
"""

from __future__ import annotations

from django.core import signing
from django.http import Http404
from django.utils.translation import gettext as _

from ravabet.network.access import AnyUser, Rights, require, rights_in
from ravabet.network.models import Municipality, Network, User

from .models import Event, ReportPhoto, Task

FEED_SALT = "ravabet.events.staff-feed"


def get_event_for_user(user: AnyUser, pk: int, *, write: bool = False) -> tuple[Event, Rights]:
    try:
        event = Event.objects.with_owner().get(pk=pk)
    except Event.DoesNotExist:
        raise Http404(_("No such event.")) from None
    return event, require(
        rights_in(user, event.owner),
        write=write,
        refused=_("Your role here can read this event but not change it."),
    )


def get_task_for_user(user: AnyUser, pk: int, *, write: bool = False) -> tuple[Task, Rights]:
    try:
        task = Task.objects.select_related("event__municipality", "event__network__host").get(pk=pk)
    except Task.DoesNotExist:
        raise Http404(_("No such task.")) from None
    return task, require(
        rights_in(user, task.event.owner),
        write=write,
        refused=_("Your role here can read this checklist but not change it."),
    )


def get_photo_for_user(user: AnyUser, pk: int) -> ReportPhoto:
    """A report photo: anyone's once its event is public and reported; otherwise only for
    those who read the event (anybody else, signed in or not: 404, nothing revealed)."""
    photo = (
        ReportPhoto.objects.select_related("event__municipality", "event__network__host")
        .filter(pk=pk)
        .first()
    )
    if photo is None:
        raise Http404(_("No such photo."))
    if not photo.is_public:
        try:
            require(rights_in(user, photo.event.owner))
        except Http404:
            raise Http404(_("No such photo.")) from None
    return photo


def feed_token(user: User, place: Municipality | Network) -> str:
    """The signed part of a person's private feed URL for one place."""
    kind = "n" if isinstance(place, Network) else "m"
    return signing.dumps({"u": user.pk, "k": kind, "p": place.pk}, salt=FEED_SALT, compress=True)


def place_for_feed(token: str) -> tuple[User, Municipality | Network]:
    """Whose feed a token opens; 404 if forged, or if the person no longer reads there."""
    try:
        payload = signing.loads(token, salt=FEED_SALT)
        user = User.objects.get(pk=int(payload["u"]), is_active=True)
        model = Network if payload["k"] == "n" else Municipality
        place = model.objects.select_related(*(["host"] if model is Network else [])).get(
            pk=int(payload["p"])
        )
    except (
        signing.BadSignature,
        KeyError,
        TypeError,
        ValueError,
        User.DoesNotExist,
        Municipality.DoesNotExist,
        Network.DoesNotExist,
    ):
        raise Http404(_("No such feed.")) from None
    require(rights_in(user, place))
    return user, place
