from ravabet.meetings.models import MeetingStatus
from ravabet.meetings.tests.conftest import close_comments


def test_minutes_are_sanitized(client_for, lahijan_head, held):
    item = held.agenda.first()
    response = client_for(lahijan_head).post(
        f"/office/meetings/items/{item.pk}/minutes/",
        {
            "minutes": (
                '<p onclick="x()">گزارش <strong>دبیرخانه</strong></p><script>alert(1)</script>'
            ),
            "version": 0,
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.minutes == "<p>گزارش <strong>دبیرخانه</strong></p>"
    assert item.minutes_version == 1


def test_two_editors_never_silently_overwrite(client_for, lahijan_head, held):
    item = held.agenda.first()
    client = client_for(lahijan_head)
    # Both opened the form at version 0; the first saves.
    assert (
        client.post(
            f"/office/meetings/items/{item.pk}/minutes/",
            {"minutes": "<p>متن نفر اول</p>", "version": 0},
        ).status_code
        == 302
    )
    # The second gets a conflict, keeps their text, and sees the other version.
    response = client.post(
        f"/office/meetings/items/{item.pk}/minutes/",
        {"minutes": "<p>متن نفر دوم</p>", "version": 0},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "متن نفر دوم" in page and "متن نفر اول" in page
    assert 'data-testid="conflict"' in page
    item.refresh_from_db()
    assert item.minutes == "<p>متن نفر اول</p>"
    # Saving again, now from version 1, is a deliberate replacement.
    assert (
        client.post(
            f"/office/meetings/items/{item.pk}/minutes/", {"minutes": "<p>ادغام</p>", "version": 1}
        ).status_code
        == 302
    )
    item.refresh_from_db()
    assert item.minutes == "<p>ادغام</p>"


def test_statements_are_attributed(client_for, lahijan_head, held, rudsar):
    item = held.agenda.first()
    client_for(lahijan_head).post(
        f"/office/meetings/items/{item.pk}/statements/",
        {
            "speaker": "علی نوروزی",
            "speaker_title": "مدیر روابط عمومی",
            "municipality": rudsar.pk,
            "text": "پیشنهاد بانک تجربه.",
        },
    )
    statement = item.statements.get(speaker="علی نوروزی")
    assert statement.municipality == rudsar


def test_members_comment_within_the_window_only(client_for, rudsar_head, held):
    client = client_for(rudsar_head)
    client.post(
        f"/office/meetings/{held.pk}/comments/", {"text": "نام شهرداری رودبنه جا افتاده است."}
    )
    assert held.comments.count() == 1
    held.comments_until = held.starts_at
    held.save(update_fields=["comments_until"])
    client.post(f"/office/meetings/{held.pk}/comments/", {"text": "دیر"})
    assert held.comments.count() == 1


def test_approval_locks_the_minutes(client_for, lahijan_head, rudsar_head, held):
    assert client_for(rudsar_head).post(f"/office/meetings/{held.pk}/approve/").status_code == 403
    client = client_for(lahijan_head)
    close_comments(held)
    client.post(f"/office/meetings/{held.pk}/approve/")
    held.refresh_from_db()
    assert held.status == MeetingStatus.APPROVED
    item = held.agenda.first()
    client.post(
        f"/office/meetings/items/{item.pk}/minutes/",
        {"minutes": "تغییر", "version": item.minutes_version},
    )
    item.refresh_from_db()
    assert item.minutes != "تغییر"


def test_attachments_are_checked_by_content_and_size(client_for, lahijan_head, held, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(lahijan_head)
    fake = SimpleUploadedFile(
        "minutes.pdf", b"MZ\x90\x00 this is an exe", content_type="application/pdf"
    )
    response = client.post(f"/office/meetings/{held.pk}/attachments/", {"file": fake}, follow=True)
    assert (
        "تنها پرونده‌های PDF، JPEG، PNG یا Word (DOCX) پذیرفته می‌شوند" in response.content.decode()
    )
    assert held.attachments.count() == 0
    from ravabet.meetings import files

    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (files.MAX_ATTACHMENT_BYTES + 1))
    response = client.post(f"/office/meetings/{held.pk}/attachments/", {"file": big}, follow=True)
    assert held.attachments.count() == 0
    assert "حجم پرونده زیاد است: حداکثر ۱۰ مگابایت" in response.content.decode()
    good = SimpleUploadedFile("signed.pdf", b"%PDF-1.4\n%%EOF\n")
    client.post(f"/office/meetings/{held.pk}/attachments/", {"file": good})
    assert held.attachments.count() == 1
    assert str(settings.MEDIA_ROOT) in held.attachments.get().file.path


def test_only_attendees_comment(client_for, observer, held):
    response = client_for(observer).post(f"/office/meetings/{held.pk}/comments/", {"text": "نظر"})
    assert response.status_code == 403
    assert held.comments.count() == 0
