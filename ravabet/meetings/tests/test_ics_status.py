"""The calendar sent for a meeting says whether it still stands."""

from ravabet.meetings.ics import invitation_calendar


def test_a_cancelled_meeting_cancels_the_event(client_for, lahijan_head, planned):  # type: ignore[no-untyped-def]
    standing = invitation_calendar(planned).decode()
    assert "METHOD:REQUEST" in standing and "STATUS:CONFIRMED" in standing
    client_for(lahijan_head).post(
        f"/office/meetings/{planned.pk}/cancel/", {"reason": "هم‌زمانی با جلسه استانداری"}
    )
    planned.refresh_from_db()
    cancelled = invitation_calendar(planned).decode()
    assert "METHOD:CANCEL" in cancelled and "STATUS:CANCELLED" in cancelled
