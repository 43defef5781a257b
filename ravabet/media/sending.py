"""What a press release says to one journalist, written when it is sent."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ravabet.outbox.compose import Email, Skip, composer
from ravabet.outbox.models import Send

from .models import Delivery, PressSignup, SignupStatus, place_label


@composer(Delivery)
def release(send: Send) -> Email | Skip:
    delivery = Delivery.objects.select_related(
        "journalist", "distribution__item__municipality"
    ).get(pk=send.pk)
    journalist = delivery.journalist
    if journalist and not journalist.can_receive:
        return Skip(_("Unsubscribed before the release was sent."))
    distribution = delivery.distribution
    item = distribution.item
    token = journalist.unsubscribe_token() if journalist else ""
    unsubscribe = distribution.base_url + reverse("media:unsubscribe", args=[token])
    context = {
        "item": item,
        "municipality": item.municipality,
        "url": distribution.base_url + item.get_absolute_url(),
        "photos": [
            (distribution.base_url + p.page_url, p.caption, p.credit) for p in item.photos.all()
        ],
        "unsubscribe": unsubscribe,
        "name": delivery.name,
    }
    with translation.override("fa"):
        text = render_to_string("media/email/release.txt", context)
        html = render_to_string("media/email/release.html", context)
    return Email(
        subject=item.title,
        body=text,
        html=html,
        from_email=distribution.from_email,
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


@composer("media.press_signup")
def signup_confirmation(send: Send) -> Email | Skip:
    """The double opt-in: a link the journalist opens to join the media list."""
    signup = (
        PressSignup.objects.select_related("municipality", "network")
        .filter(pk=int(send.key.split(":")[1]))
        .first()
    )
    if signup is None or signup.status != SignupStatus.PENDING:
        return Skip(_("The sign-up is no longer waiting for confirmation."))
    place = signup.network or signup.municipality
    language = signup.language if signup.language in ("fa", "en") else "fa"
    with translation.override(language):
        name = place_label(place)
        context = {"signup": signup, "place_name": name, "url": signup.confirm_url()}
        return Email(
            subject=_("Confirm your sign-up for press releases of %(place)s") % {"place": name},
            body=render_to_string("media/email/signup_confirm.txt", context),
            html=render_to_string("media/email/signup_confirm.html", context),
        )
