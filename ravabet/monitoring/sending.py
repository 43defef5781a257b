"""What the daily bulletin's email says, written when it is sent."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from ravabet.lib import jalali
from ravabet.outbox.compose import Email, Skip, composer
from ravabet.outbox.models import Send

from .bulletin import bulletin_html, context
from .models import BulletinEmail, BulletinSubscription


@composer(BulletinEmail)
def bulletin(send: Send) -> Email | Skip:
    row = BulletinEmail.objects.select_related("municipality", "user").get(pk=send.pk)
    if not BulletinSubscription.objects.filter(
        municipality=row.municipality, user=row.user
    ).exists():
        return Skip(_("Unsubscribed before the bulletin was sent."))
    with translation.override("fa"):
        data = context(row.municipality, row.day)
        subject = _("Press bulletin of %(place)s, %(day)s") % {
            "place": row.municipality.display_name,
            "day": jalali.format_date(row.day, weekday=True),
        }
        body = render_to_string("monitoring/email/bulletin.txt", data)
        html = bulletin_html(row.municipality, row.day)
    return Email(subject=subject, body=body, html=html)
