"""A bot API of the Telegram kind (Telegram, Bale): sendMessage and sendPhoto."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass

TIMEOUT = 20


class BotAPIError(Exception):
    def __init__(self, reason: str, *, permanent: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent


@dataclass
class BotAPI:
    base_url: str
    token: str

    def _url(self, method: str) -> str:
        return f"{self.base_url}/bot{self.token}/{method}"

    def _call(self, request: urllib.request.Request) -> dict:
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
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
