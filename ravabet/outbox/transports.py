"""One transport per channel. Each opens what it needs once per batch, sends one envelope
to one row's target, and says whether a failure may pass (a retry later) or not."""

from __future__ import annotations

import json
import logging
import smtplib
import urllib.error
import urllib.parse
import urllib.request
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .compose import BotPost, Email, Envelope, Text
from .models import Transport

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

    from .models import Send

log = logging.getLogger(__name__)

# Without a timeout a hung mail server would hold a row in "sending" for ever, and the
# settle could not tell a slow send from a dead worker.
SMTP_TIMEOUT = 60


class TransportError(Exception):
    def __init__(self, reason: str, *, permanent: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent


class Session(Protocol):
    # Stored on a row whose worker died mid-send, in the site's language.
    interrupted_reason: _StrPromise

    def send(self, send: Send, envelope: Envelope) -> str:
        """Hand the envelope over; return the id the other end gave it (or ours)."""

    def close(self) -> None: ...


def message_id(send: Send) -> str:
    """The same Message-ID every time this row is sent: a resend is recognisably the
    same email, to the recipient's mail program and to us."""
    domain = urlsplit(settings.SITE_URL).hostname or "ravabet.localhost"
    return f"<outbox-{send.pk}@{domain}>"


class EmailSession:
    """One SMTP connection (Django's mail, RAVABET_EMAIL_TIMEOUT) for a whole batch."""

    interrupted_reason = gettext_lazy(
        "Sending was cut short (the worker stopped); it is not known whether the email "
        "left. Check with the recipient before sending again."
    )

    def __init__(self) -> None:
        self.connection: BaseEmailBackend | None = None
        self.unreachable: str = ""

    def _open(self) -> BaseEmailBackend:
        if self.unreachable:
            # One refused connection is enough: the rest of the batch is not made to wait.
            raise TransportError(self.unreachable, permanent=False)
        if self.connection is None:
            connection = get_connection(timeout=settings.EMAIL_TIMEOUT or SMTP_TIMEOUT)
            try:
                connection.open()
            except (OSError, smtplib.SMTPException) as error:
                self.unreachable = _("The mail server could not be reached: %(e)s") % {"e": error}
                raise TransportError(self.unreachable, permanent=False) from error
            self.connection = connection
        return self.connection

    def send(self, send: Send, envelope: Envelope) -> str:
        if not isinstance(envelope, Email):
            raise TransportError(
                f"an email send was given {type(envelope).__name__}", permanent=True
            )
        connection = self._open()
        ident = message_id(send)
        message = EmailMultiAlternatives(
            subject=envelope.subject,
            body=envelope.body,
            from_email=envelope.from_email,
            to=[address.strip() for address in send.target.split(",") if address.strip()],
            headers={**envelope.headers, "Message-ID": ident},
            connection=connection,
        )
        if envelope.html:
            message.attach_alternative(envelope.html, "text/html")
        for filename, content, mimetype in envelope.attachments:
            message.attach(filename, content, mimetype)
        try:
            connection.send_messages([message])
        except smtplib.SMTPRecipientsRefused as error:
            code, text = next(iter(error.recipients.values()))
            raise TransportError(
                f"{code} {text.decode(errors='replace')}", permanent=code >= 500
            ) from error
        except (OSError, smtplib.SMTPException) as error:
            # The connection may be broken: the next row opens a fresh one.
            self.close()
            raise TransportError(str(error) or error.__class__.__name__, permanent=False) from error
        return ident

    def close(self) -> None:
        if self.connection is not None:
            connection, self.connection = self.connection, None
            try:
                connection.close()
            except (OSError, smtplib.SMTPException):
                log.warning("closing the SMTP connection failed", exc_info=True)


class BotSession:
    """A messenger channel through its bot API (Telegram, Bale): the newsroom's BotAPI,
    which checks the address before every call."""

    interrupted_reason = gettext_lazy(
        "Posting was cut short (the worker stopped); it is not known whether the post "
        "went out. Look at the channel before posting again."
    )

    def send(self, send: Send, envelope: Envelope) -> str:
        from ravabet.newsroom.messenger import BotAPI, BotAPIError

        if not isinstance(envelope, BotPost):
            raise TransportError(f"a bot send was given {type(envelope).__name__}", permanent=True)
        api = BotAPI(envelope.api_base, envelope.token)
        try:
            if envelope.photo:
                result = api.send_photo(send.target, envelope.text, envelope.photo, "photo.jpg")
            else:
                result = api.send_message(send.target, envelope.text)
        except BotAPIError as error:
            raise TransportError(error.reason, permanent=error.permanent) from error
        return str(result.get("message_id", ""))

    def close(self) -> None:
        pass


class SMSGateway(Protocol):
    """One SMS provider's API: hand one text to one mobile number."""

    def send(self, number: str, text: str, local_id: str) -> str:
        """Send; return the gateway's id for the message. ``local_id`` is ours for this
        row, the same on every attempt: a gateway that knows it sends it only once."""


# Kavenegar's own codes (return.status) that may pass: its server failing, a rate limit,
# and an empty account that the office may top up. Any other 4xx is ours to fix.
KAVENEGAR_TRANSIENT = {418, 429}


class KavenegarGateway:
    """Kavenegar's REST API (https://kavenegar.com/rest.html): a form POST to
    ``/v1/{API-KEY}/sms/send.json`` with receptor, message, sender and localid, answered
    by JSON whose ``return.status`` is 200 when the message was accepted.

    ``localid`` is the row's id: Kavenegar does not send a message a second time for a
    localid it already has, so a retry after a timeout (the message may have arrived)
    cannot send it twice. Its documentation gives ``localid`` as a number (Long) and
    answers ``statuslocalmessageid`` only for the last 12 hours, so the automatic retries
    all fall well inside that window (``outbox.actions.retry_delay``: about five hours in
    all; a test keeps it so). The id is unique per database, not per Kavenegar account: two
    installations (a staging copy, a restored backup) must not share one API key.
    """

    def __init__(self, base: str, api_key: str, sender: str, timeout: float) -> None:
        self.url = f"{base.rstrip('/')}/{api_key}/sms/send.json"
        self.sender = sender
        self.timeout = timeout

    def send(self, number: str, text: str, local_id: str) -> str:
        fields = {"receptor": number, "message": text, "localid": local_id}
        if self.sender:
            fields["sender"] = self.sender
        request = urllib.request.Request(  # noqa: S310  (an https URL from the settings)
            self.url,
            data=urllib.parse.urlencode(fields).encode(),
            headers={
                "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
                "Accept": "application/json",
            },
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                status, body = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read()
        except (TimeoutError, OSError) as error:  # URLError is an OSError; so is a timeout
            reason = getattr(error, "reason", None) or error
            raise TransportError(
                _("The SMS gateway did not answer: %(e)s") % {"e": reason}, permanent=False
            ) from error
        return self._read(status, body)

    @staticmethod
    def _read(status: int, body: bytes) -> str:
        try:
            answer = json.loads(body.decode("utf-8"))
            code = int(answer["return"]["status"])
            text = str(answer["return"].get("message", ""))
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            code, text, answer = status, body[:200].decode("utf-8", "replace"), {}
        if code == 200 and status == 200:
            entries = answer.get("entries") or [{}]
            return str(entries[0].get("messageid", ""))
        transient = code >= 500 or status >= 500 or code in KAVENEGAR_TRANSIENT
        raise TransportError(
            _("The SMS gateway refused the message (%(code)s): %(text)s")
            % {"code": code, "text": text},
            permanent=not transient,
        )


def sms_gateway() -> SMSGateway | None:
    """The gateway the settings name (RAVABET_SMS_GATEWAY), or None."""
    if settings.SMS_GATEWAY == "kavenegar":
        return KavenegarGateway(
            settings.KAVENEGAR_API_BASE,
            settings.SMS_API_KEY,
            settings.SMS_SENDER,
            settings.SMS_TIMEOUT,
        )
    return None


class SMSSession:
    """A text message to one mobile number, through the gateway the settings name."""

    interrupted_reason = gettext_lazy(
        "Sending was cut short (the worker stopped); it is not known whether the text "
        "message left. Check with the recipient before sending again."
    )

    def __init__(self) -> None:
        self.gateway = sms_gateway()

    def send(self, send: Send, envelope: Envelope) -> str:
        if not isinstance(envelope, Text):
            raise TransportError(f"an SMS send was given {type(envelope).__name__}", permanent=True)
        if self.gateway is None:
            raise TransportError(_("No SMS gateway is configured."), permanent=True)
        return self.gateway.send(send.target, envelope.text, str(send.pk))

    def close(self) -> None:
        pass


SESSIONS: dict[str, type[Session]] = {
    Transport.EMAIL: EmailSession,
    Transport.BOT: BotSession,
    Transport.SMS: SMSSession,
}
