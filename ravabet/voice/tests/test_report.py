from __future__ import annotations

import datetime as dt

import jdatetime
from django.urls import reverse
from django.utils import timezone

from ravabet.lib.jalali import TEHRAN
from ravabet.voice import actions
from ravabet.voice.report import Period, build, percentile, recurring_topics


def at(y: int, m: int, d: int, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(jdatetime.date(y, m, d).togregorian(), dt.time(hour), tzinfo=TEHRAN)


def test_percentile_nearest_rank() -> None:
    assert percentile([], 50) is None
    assert percentile([3.0], 90) == 3.0
    assert percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50) == 5
    assert percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90) == 9


def test_period_parsing_and_neighbours() -> None:
    assert Period.parse("1405-08").bounds == (
        jdatetime.date(1405, 8, 1).togregorian(),
        jdatetime.date(1405, 8, 30).togregorian(),
    )
    assert Period.parse("1405-01").previous().key == "1404-12"
    assert Period.parse("1405-q1").previous().key == "1404-q4"
    assert Period.parse("1405-q3").bounds[0] == jdatetime.date(1405, 7, 1).togregorian()
    assert Period.parse("garbage").month is not None  # falls back to this month


def test_figures_for_a_month(rudsar, rudsar_head, rudsar_services, make_message) -> None:  # type: ignore[no-untyped-def]
    texts = [
        "جمع‌آوری زباله در کوچه بهار انجام نشده",
        "جمع‌آوری زباله محله ما هفته‌ای یک بار است",
        "جمعآوری زباله با تاخیر انجام میشود",
        "چراغ روشنایی پارک خاموش است",
    ]
    made = []
    for day, text in enumerate(texts, start=1):
        received = at(1405, 8, day)
        message = make_message(
            rudsar, text=text, received_at=received, due_on=received.date() + dt.timedelta(days=3)
        )
        made.append(message)
    for days, message in zip((1, 2, 4), made, strict=False):
        actions.reply_to_message(message, rudsar_head, "پیگیری شد")
        message.first_reply_at = message.received_at + dt.timedelta(days=days)
        message.due_on = timezone.localdate(message.received_at) + dt.timedelta(days=2)
        message.save()
    actions.route_message(made[0], rudsar_services)
    actions.rate_message(made[0], 5)
    actions.rate_message(made[1], 2)
    make_message(rudsar, text="خارج از دوره", received_at=at(1405, 7, 15))

    data = build(rudsar, Period(1405, month=8))
    figures = data["figures"]
    assert figures.total == 4
    assert figures.median_days == 2.0
    assert figures.p90_days == 4.0
    assert figures.overdue == 1 + 1  # answered after its due date, and one open past due
    assert figures.satisfaction == 3.5
    assert data["previous"].total == 1
    assert data["changes"]["total"] == 3
    kinds = {bar.label: bar.value for bar in data["by_kind"].bars}
    assert sum(kinds.values()) == 4
    topics = data["topics"]
    assert topics[0].phrase == "جمعآوری زباله"
    assert topics[0].count == 3
    assert all(t.phrase not in {"است", "در", "شهرداری"} for t in topics)


def test_topics_ignore_stopwords_and_need_two_messages(rudsar, make_message) -> None:  # type: ignore[no-untyped-def]
    one = make_message(rudsar, text="این است که در آن")
    assert recurring_topics([one]) == []


def test_report_page_pdf_and_network_side_by_side(
    client_for,
    rudsar,
    rudsar_head,
    observer,
    lahijan_head,
    lahijan_manager,
    make_message,
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    make_message(rudsar, text="جمع آوری زباله انجام نشده")
    period = Period.parse(None).key
    head = client_for(rudsar_head)
    page = head.get(reverse("voice:report", args=["rudsar"]), {"period": period})
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "<rect" in html and 'style="' not in html.split("<main", 1)[1]
    pdf = head.get(reverse("voice:report-pdf", args=["rudsar"]), {"period": period})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    (tmp_path / "report.pdf").write_bytes(pdf.content)
    assert client_for(lahijan_head).get(reverse("voice:report", args=["rudsar"])).status_code == 404

    network_url = reverse("voice:network-report", args=["east-gilan"])
    table = client_for(observer).get(network_url, {"period": period}).content.decode()
    for name in ("لاهیجان", "رودسر", "کلاچای"):
        assert name in table
    assert client_for(lahijan_manager).get(network_url).status_code == 200
