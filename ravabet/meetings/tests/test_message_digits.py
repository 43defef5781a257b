"""Issue 11, defect 3.9: counts in the messages after an action are written in the page's
digits («۳ نفر…» in Persian, "3 people…" in English), never Latin digits in Persian text."""

import re

import pytest

from ravabet.meetings.models import Invitation


def shown_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.mark.parametrize("language", ["fa", "en"])
def test_counts_in_action_messages_use_the_pages_digits(
    client_for,
    lahijan_head,
    rudsar_head,
    rudsar_reporter,
    planned,
    language,
    django_capture_on_commit_callbacks,
):
    client = client_for(lahijan_head)
    client.cookies["django_language"] = language
    added = client.post(f"/office/meetings/{planned.pk}/invite-members/", follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(f"/office/meetings/{planned.pk}/send/", follow=True)
    count = Invitation.objects.filter(meeting=planned).count()
    assert count > 1
    texts = shown_messages(added) + shown_messages(sent)
    assert len(texts) == 2
    for text in texts:
        if language == "fa":
            assert not re.search(r"[0-9]", text), text
            assert re.search(r"[۰-۹]", text), text
        else:
            assert not re.search(r"[۰-۹]", text), text
            assert re.search(r"[0-9]", text), text
