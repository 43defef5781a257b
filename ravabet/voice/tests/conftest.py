from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ravabet.network.models import Municipality
from ravabet.voice.actions import Submission, submit_message
from ravabet.voice.models import Category, Message


@pytest.fixture(autouse=True)
def _voice_settings(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def category(municipality: Municipality, code: str = "cleaning-waste") -> Category:
    # Made with the municipality (voice.actions.setup_municipality).
    return Category.objects.get(municipality=municipality, code=code)


@pytest.fixture
def make_message() -> Callable[..., Message]:
    def make(municipality: Municipality, **fields: Any) -> Message:
        code = fields.pop("category_code", "cleaning-waste")
        submission = Submission(
            kind=fields.pop("kind", "complaint"),
            category=category(municipality, code),
            text=fields.pop("text", "زباله‌های کوچه سوم دو روز است جمع‌آوری نشده"),
            name=fields.pop("name", "مریم احمدی"),
            mobile=fields.pop("mobile", "09121234567"),
            national_code=fields.pop("national_code", "0012345679"),
            consent=True,
            channel=fields.pop("channel", "web"),
        )
        message, _created = submit_message(municipality, submission)
        for name, value in fields.items():
            setattr(message, name, value)
        if fields:
            message.save()
        return message

    return make


from ravabet.outbox.tests.sms_gateway import sms_gateway  # noqa: E402, F401  (fixture)
