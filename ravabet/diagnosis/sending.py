"""The issued report's email to the governorate observer, with its PDF, written when sent."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from ravabet.outbox.compose import Email, composer
from ravabet.outbox.models import Send

from .exports import filename, report_pdf
from .models import ReportSend


@composer(ReportSend)
def report_email(send: Send) -> Email:
    row = ReportSend.objects.select_related("report__network__host").get(pk=send.pk)
    report = row.report
    with translation.override(settings.LANGUAGE_CODE):
        context = {"report": report, "url": settings.SITE_URL + report.get_absolute_url()}
        return Email(
            subject=render_to_string("diagnosis/email/report_subject.txt", context).strip(),
            body=render_to_string("diagnosis/email/report.txt", context),
            attachments=[(filename(report, "pdf"), report_pdf(report), "application/pdf")],
        )
