"""A bot API of the Telegram kind (Telegram, Bale): sendMessage and sendPhoto.

The worker posts only to an official bot API host (settings.MESSENGER_API_HOSTS), over
https, to a public address, and follows no redirect: a newsroom's settings must not be
able to make it post to 127.0.0.1 or the office network.
"""

from __future__ import annotations

import ipaddress
import json
import socket
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from ravabet.lib.i18n import is_fa, local_digits

TIMEOUT = 20


class BotAPIError(Exception):
    def __init__(self, reason: str, *, permanent: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent


class UnsafeBotURL(BotAPIError):
    """The address is not one the worker may post to; never retried as it stands."""

    def __init__(self, reason: str, *, permanent: bool = True) -> None:
        super().__init__(reason, permanent=permanent)


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_bot_url(url: str) -> None:
    """Raise UnsafeBotURL unless ``url`` is https on an official bot API host that
    resolves only to public addresses. Called by the settings form and right before
    every POST (the address is resolved again then: DNS may have changed)."""
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError:
        raise UnsafeBotURL(_("This is not a web address.")) from None
    if f"{parts.scheme}://{parts.netloc}" in settings.MESSENGER_API_TEST_ORIGINS:
        return
    if parts.scheme != "https":
        raise UnsafeBotURL(_("The bot API address must start with https://."))
    if parts.username or parts.password or port not in (None, 443):
        raise UnsafeBotURL(_("Give the bot API address without a user name, password or port."))
    host = (parts.hostname or "").lower().rstrip(".")
    allowed = settings.MESSENGER_API_HOSTS
    if host not in allowed:
        raise UnsafeBotURL(
            _("%(host)s is not a messenger's bot API; the allowed hosts are %(hosts)s.")
            % {"host": host or "—", "hosts": ("، " if is_fa() else ", ").join(allowed)}
        )
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, 443, type=socket.SOCK_STREAM)}
    except (OSError, UnicodeError):
        raise UnsafeBotURL(
            _("%(host)s could not be found; check the address or try again later.")
            % {"host": host},
            permanent=False,
        ) from None
    private = sorted(a for a in addresses if not _is_public(str(a)))
    if private or not addresses:
        raise UnsafeBotURL(
            _(
                "%(host)s leads to a private address (%(address)s); "
                "the worker posts only to the internet."
            )
            % {"host": host, "address": local_digits(", ".join(map(str, private)))}
        )


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is answered as the error it is for an API: never followed."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirects)


@dataclass
class BotAPI:
    base_url: str
    token: str

    def _url(self, method: str) -> str:
        return f"{self.base_url}/bot{self.token}/{method}"

    def _call(self, request: urllib.request.Request) -> dict:
        check_bot_url(request.full_url)
        try:
            with _opener.open(request, timeout=TIMEOUT) as response:
                answer = json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as error:
            try:
                answer = json.loads(error.read().decode("utf-8"))
            except ValueError:
                answer = {"ok": False, "error_code": error.code, "description": error.reason}
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise BotAPIError(f"{error}", permanent=False) from error
        except ValueError as error:
            raise BotAPIError("the answer was not JSON", permanent=False) from error
        if not answer.get("ok"):
            code = answer.get("error_code", 0)
            reason = f"{code} {answer.get('description', '')}".strip()
            # Rate limits and server errors pass; a wrong token or chat does not.
            raise BotAPIError(reason, permanent=code not in (429,) and not 500 <= code < 600)
        return answer.get("result") or {}

    def send_message(self, chat_id: str, text: str) -> dict:
        body = urllib.parse.urlencode({"chat_id": chat_id, "text": text}).encode()
        request = urllib.request.Request(  # noqa: S310  (the base URL is an https setting)
            self._url("sendMessage"),
            data=body,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        return self._call(request)

    def send_photo(self, chat_id: str, caption: str, photo: bytes, filename: str) -> dict:
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in (("chat_id", chat_id), ("caption", caption)):
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="photo"; '
            f'filename="{filename}"\r\nContent-Type: image/jpeg\r\n\r\n'.encode()
            + photo
            + b"\r\n"
        )
        parts.append(f"--{boundary}--\r\n".encode())
        request = urllib.request.Request(  # noqa: S310
            self._url("sendPhoto"),
            data=b"".join(parts),
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        return self._call(request)
