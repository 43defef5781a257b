"""Outlets and journalists: listing, editing, import with a preview, export."""

from __future__ import annotations

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from ravabet.media.models import Journalist, Outlet


def test_add_and_list_journalists(client_for, rudsar_reporter, rudsar, rudsar_outlet):
    client = client_for(rudsar_reporter)
    response = client.post(
        "/office/m/rudsar/media/new/",
        {
            "name": "مینا کریمی",
            "outlet": rudsar_outlet.pk,
            "beat": "شهری",
            "email": "mina@example.org",
            "phone": "۰۹۱۱ ۱۲۳ ۴۵۶۷",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    journalist = Journalist.objects.get()
    assert journalist.phone == "09111234567"
    assert journalist.can_receive
    page = client.get("/office/m/rudsar/media/").content.decode()
    assert "مینا کریمی" in page and "خبرگزاری ایرنا گیلان" in page
    partial = client.get(
        "/office/m/rudsar/media/?q=مینا", headers={"HX-Request": "true"}
    ).content.decode()
    assert "<html" not in partial and "مینا کریمی" in partial


def test_a_bad_email_and_a_duplicate_get_messages(client_for, rudsar_reporter, two_journalists):
    client = client_for(rudsar_reporter)
    page = client.post(
        "/office/m/rudsar/media/new/", {"name": "الف", "email": "not-an-email"}
    ).content.decode()
    assert 'class="error"' in page and "ایمیل" in page
    page = client.post(
        "/office/m/rudsar/media/new/", {"name": "ب", "email": "SAMIRA@example.org"}
    ).content.decode()
    assert "خبرنگاری با این ایمیل پیش‌تر ثبت شده است" in page
    page = client.post(
        "/office/m/rudsar/media/new/", {"name": "ج", "phone": "+98 912 111 2233"}
    ).content.decode()
    assert "خبرنگاری با این شماره تلفن پیش‌تر ثبت شده است" in page
    assert Journalist.objects.count() == 2


def test_access(
    client_for, lahijan_head, lahijan_manager, lahijan, two_journalists, rudsar_reporter
):
    journalist = two_journalists[0]
    assert (
        client_for(lahijan_head).get(f"/office/media/journalists/{journalist.pk}/").status_code
        == 404
    )
    assert client_for(lahijan_head).get("/office/m/rudsar/media/").status_code == 404
    assert client_for(lahijan_head).get("/office/m/rudsar/media/export.csv").status_code == 404
    assert client_for(lahijan_manager).get("/office/m/lahijan/media/").status_code == 200
    assert client_for(lahijan_manager).get("/office/m/lahijan/media/new/").status_code == 403
    assert client_for(lahijan_manager).get("/office/m/lahijan/media/import/").status_code == 403
    client = client_for(rudsar_reporter)
    response = client.post(
        f"/office/media/journalists/{journalist.pk}/",
        {"name": "سمیرا احمدی‌نژاد", "email": journalist.email},
    )
    assert response.status_code == 302
    journalist.refresh_from_db()
    assert journalist.name == "سمیرا احمدی‌نژاد"


CSV_TEXT = (
    "نام,رسانه,حوزه,ایمیل,تلفن,رضایت\n"
    "رضا موسوی,روزنامه گیلان امروز,اقتصادی,reza@example.org,09131234567,بله\n"
    "بی‌ایمیل درست,رادیو گیلان,,reza-at-example,,بله\n"
    ",بدون نام,,x@example.org,,\n"
    "سمیرا تکراری,,,samira@example.org,,بله\n"
    "تلفن تکراری,,,,+989121112233,\n"
    "سطر اضافه,الف,ب,c@example.org,0911,بله,زیادی\n"
    "دو بار در فایل,,,reza@example.org,,\n"
    "لیلا نادری,رادیو گیلان,فرهنگی,leila@example.org,,خیر\n"
)


def test_csv_import_previews_then_saves_only_good_rows(
    client_for, rudsar_reporter, two_journalists
):
    client = client_for(rudsar_reporter)
    upload = SimpleUploadedFile("list.csv", CSV_TEXT.encode("utf-8-sig"))
    page = client.post("/office/m/rudsar/media/import/", {"file": upload}).content.decode()
    assert "«reza-at-example» نشانی ایمیل معتبری نیست." in page
    assert "نام خالی است." in page
    assert "ایمیل تکراری؛ همانند سمیرا احمدی" in page
    assert "تلفن تکراری؛ همانند سمیرا احمدی" in page
    assert "ایمیل تکراری؛ همانند رضا موسوی" in page
    assert "این سطر از سطر عنوان‌ها خانه‌های بیشتری دارد." in page
    assert "۲ سطر از ۸ سطر وارد می‌شود" in page
    assert Journalist.objects.count() == 2  # nothing saved before confirmation
    payload = page.split('name="payload" value="', 1)[1].split('"', 1)[0]
    response = client.post("/office/m/rudsar/media/import/", {"payload": payload}, follow=True)
    assert "۲ خبرنگار وارد شد" in response.content.decode()
    reza = Journalist.objects.get(email="reza@example.org")
    assert reza.outlet is not None
    assert (reza.outlet.name, reza.beat, reza.phone, reza.consent) == (
        "روزنامه گیلان امروز",
        "اقتصادی",
        "09131234567",
        True,
    )
    assert Journalist.objects.get(name="لیلا نادری").consent is False
    assert Outlet.objects.filter(name="رادیو گیلان").exists()


def test_a_tampered_payload_is_refused(client_for, rudsar_reporter, rudsar):
    response = client_for(rudsar_reporter).post(
        "/office/m/rudsar/media/import/", {"payload": "x:y"}, follow=True
    )
    assert "مهلت پیش‌نمایش گذشته است" in response.content.decode()
    assert not Journalist.objects.exists()


def test_xlsx_import(client_for, rudsar_reporter, rudsar):
    book = Workbook()
    sheet = book.active
    sheet.append(["name", "outlet", "email", "phone", "consent"])
    sheet.append(["Hamid Sadeghi", "IRNA", "hamid@example.org", 9123334455, "yes"])
    sheet.append(["Bad", "IRNA", "bad@", None, "yes"])
    out = io.BytesIO()
    book.save(out)
    client = client_for(rudsar_reporter)
    page = client.post(
        "/office/m/rudsar/media/import/", {"file": SimpleUploadedFile("l.xlsx", out.getvalue())}
    ).content.decode()
    assert "«bad@» نشانی ایمیل معتبری نیست." in page
    payload = page.split('name="payload" value="', 1)[1].split('"', 1)[0]
    client.post("/office/m/rudsar/media/import/", {"payload": payload})
    assert list(Journalist.objects.values_list("name", "email")) == [
        ("Hamid Sadeghi", "hamid@example.org")
    ]


def test_broken_files_get_messages(client_for, rudsar_reporter, rudsar):
    client = client_for(rudsar_reporter)
    page = client.post(
        "/office/m/rudsar/media/import/", {"file": SimpleUploadedFile("l.xlsx", b"garbage")}
    ).content.decode()
    assert "آیا واقعاً فایل اکسل است" in page
    page = client.post(
        "/office/m/rudsar/media/import/", {"file": SimpleUploadedFile("l.csv", b"foo,bar\n1,2\n")}
    ).content.decode()
    assert "ستون «نام» (name) لازم است" in page
    page = client.post(
        "/office/m/rudsar/media/import/", {"file": SimpleUploadedFile("l.pdf", b"%PDF")}
    ).content.decode()
    assert "فایل ‎.csv‎ یا ‎.xlsx‎ بارگذاری کنید" in page


def test_export_csv_and_xlsx(client_for, rudsar_reporter, two_journalists):
    two_journalists[1].notes = '=HYPERLINK("http://evil")'
    two_journalists[1].save()
    client = client_for(rudsar_reporter)
    response = client.get("/office/m/rudsar/media/export.csv")
    assert response["Content-Disposition"] == 'attachment; filename="journalists-rudsar.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "نام"
    assert rows[1][:5] == [
        "سمیرا احمدی",
        "خبرگزاری ایرنا گیلان",
        "",
        "samira@example.org",
        "09121112233",
    ]
    assert rows[2][5].startswith("'=")  # no formula injection
    response = client.get("/office/m/rudsar/media/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[2]][:4] == [
        "سمیرا احمدی",
        "خبرگزاری ایرنا گیلان",
        None,
        "samira@example.org",
    ]
    assert client.get("/office/m/rudsar/media/export.pdf").status_code == 404


def test_outlet_edit_and_access(
    client_for, lahijan_head, rudsar_reporter, lahijan_manager, lahijan, rudsar_outlet
):
    url = f"/office/media/outlets/{rudsar_outlet.pk}/"
    assert client_for(lahijan_head).get(url).status_code == 404
    assert client_for(lahijan_head).post(url, {"name": "x", "kind": "agency"}).status_code == 404
    response = client_for(rudsar_reporter).post(url, {"name": "ایرنا", "kind": "agency"})
    assert response.status_code == 302
    rudsar_outlet.refresh_from_db()
    assert rudsar_outlet.name == "ایرنا"
    from ravabet.media.models import Outlet

    lahijan_outlet = Outlet.objects.create(municipality=lahijan, name="رادیو", kind="broadcast")
    manager = client_for(lahijan_manager)
    assert manager.get(f"/office/media/outlets/{lahijan_outlet.pk}/").status_code == 200
    assert (
        manager.post(
            f"/office/media/outlets/{lahijan_outlet.pk}/", {"name": "y", "kind": "agency"}
        ).status_code
        == 403
    )


def test_another_municipality_writes_nothing(client_for, lahijan_head, two_journalists):
    from ravabet.media.models import Journalist, Outlet

    client = client_for(lahijan_head)
    journalist = two_journalists[0]
    before = (Journalist.objects.count(), Outlet.objects.count(), journalist.name)
    for url in (
        f"/office/media/journalists/{journalist.pk}/",
        "/office/m/rudsar/media/new/",
        "/office/m/rudsar/media/outlets/new/",
        "/office/m/rudsar/media/import/",
    ):
        response = client.post(url, {"name": "نفوذی", "email": "x@example.org"})
        assert response.status_code == 404, url
    journalist.refresh_from_db()
    assert (Journalist.objects.count(), Outlet.objects.count(), journalist.name) == before
