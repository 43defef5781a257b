"""Ship the official holidays of 1405 (see ravabet/voice/holidays.py); offices edit them after."""

import jdatetime
from django.db import migrations

HOLIDAYS_1405 = (
    (1, 1, "جشن نوروز"),
    (1, 2, "عیدنوروز و عید سعید فطر"),
    (1, 3, "عیدنوروز"),
    (1, 4, "عیدنوروز"),
    (1, 12, "روز جمهوری اسلامی ایران"),
    (1, 13, "روز طبیعت"),
    (1, 24, "شهادت امام جعفر صادق (ع)"),
    (3, 6, "عید سعید قربان"),
    (3, 14, "رحلت امام خمینی (ره) و عید سعید غدیر خم"),
    (3, 15, "قیام ۱۵ خرداد"),
    (4, 3, "تاسوعای حسینی"),
    (4, 4, "عاشورای حسینی"),
    (5, 13, "اربعین حسینی"),
    (5, 21, "رحلت رسول اکرم (ص) و شهادت امام حسن مجتبی (ع)"),
    (5, 22, "شهادت امام رضا (ع)"),
    (5, 31, "شهادت امام حسن عسکری (ع)"),
    (6, 9, "میلاد رسول اکرم (ص) و امام جعفر صادق (ع)"),
    (8, 22, "شهادت حضرت فاطمه زهرا (س)"),
    (10, 2, "ولادت امام علی (ع) و روز پدر"),
    (10, 16, "مبعث رسول اکرم (ص)"),
    (11, 4, "ولادت حضرت قائم (عج) و جشن نیمه شعبان"),
    (11, 22, "پیروزی انقلاب اسلامی"),
    (12, 9, "شهادت امام علی (ع)"),
    (12, 19, "عید سعید فطر"),
    (12, 20, "تعطیل به مناسبت عید سعید فطر"),
    (12, 29, "روز ملی شدن صنعت نفت ایران"),
)


def add_holidays(apps, schema_editor):
    Holiday = apps.get_model("voice", "Holiday")
    for month, day, name in HOLIDAYS_1405:
        date = jdatetime.date(1405, month, day).togregorian()
        if not Holiday.objects.filter(municipality__isnull=True, date=date).exists():
            Holiday.objects.create(date=date, name=name)


def remove_holidays(apps, schema_editor):
    Holiday = apps.get_model("voice", "Holiday")
    dates = [jdatetime.date(1405, m, d).togregorian() for m, d, _n in HOLIDAYS_1405]
    Holiday.objects.filter(municipality__isnull=True, date__in=dates).delete()


class Migration(migrations.Migration):
    dependencies = [("voice", "0001_initial")]

    operations = [migrations.RunPython(add_holidays, remove_holidays)]
