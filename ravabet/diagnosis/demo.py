"""The network's questionnaire, last quarter's round closed (Astaneh did not answer) and
this quarter's open, two problems several members raised, and the reports of last
quarter and of this one so far issued. Keyed on the questionnaire existing, so a second
run changes nothing."""

from __future__ import annotations

from django.db import transaction
from django.utils import translation

from ravabet.lib.jalali import JalaliQuarter
from ravabet.network.models import Municipality, Network, User

from . import actions
from .models import Questionnaire

# slug: (scores per question, the problem it raised beside the staffing question, if any)
ANSWERS = {
    "rudsar": ([2, 3, 4, 4, 3, 4, 2, 3], "نبود خبرنگار و عکاس تمام‌وقت در دفتر روابط عمومی"),
    "shalman": ([1, 2, 3, 3, 4, 3, 2, 2], "نبود خبرنگار و عکاس تمام‌وقت در دفتر روابط عمومی"),
    "kelachay": ([3, 1, 4, 3, 3, 3, 1, 2], ""),
    "rudboneh": ([2, 1, 3, 2, 3, 2, 2, 1], ""),
    "lahijan": ([4, 3, 5, 5, 4, 4, 3, 4], ""),
}
BUDGET = "بودجه‌ای برای خرید دوربین و تجهیزات پخش زنده وجود ندارد"


def load() -> list[str]:
    with translation.override("fa"):
        return _load()


@transaction.atomic
def _load() -> list[str]:
    network = Network.objects.filter(slug="east-gilan").select_related("host").first()
    if network is None:
        return ["Demo diagnosis: no network."]
    if Questionnaire.objects.filter(network=network).exists():
        return ["Demo diagnosis: already loaded."]
    secretariat = User.objects.get(username="lahijan-head")
    actions.current_questionnaire(network, secretariat)
    last = JalaliQuarter.current().previous()
    closed = actions.open_round(network, last, secretariat)
    questions = list(closed.questionnaire.questions.all())
    members = {m.slug: m for m in network.members.all()}
    for slug, (scores, problem) in ANSWERS.items():
        municipality: Municipality | None = members.get(slug)
        head = User.objects.filter(username=f"{slug}-head").first()
        if municipality is None or head is None:
            continue
        given = [
            actions.Given(q, score, "", problem if q.area == "staffing" else "")
            for q, score in zip(questions, scores, strict=False)
        ]
        actions.submit_answers(closed, municipality, head, given)
        if slug in ("kelachay", "rudboneh"):
            actions.raise_problem(
                network,
                municipality,
                head,
                category="budget",
                title=BUDGET,
                severity="high",
                description="تصویربرداری مراسم با تلفن همراه کارکنان انجام می‌شود.",
            )
    actions.close_round(closed)
    actions.issue_report(
        network,
        last,
        secretariat,
        narrative=(
            "در این فصل بیشتر اعضا در خودارزیابی شرکت کردند. کمبود نیروی خبرنگار و عکاس "
            "مهم‌ترین مشکل مشترک دفاتر است و برای نشست فصلی بعدی پیشنهاد شده است. "
            "آستانه‌اشرفیه به پرسش‌نامه پاسخ نداد."
        ),
    )
    current = actions.open_round(network, JalaliQuarter.current(), secretariat)
    rudsar = members.get("rudsar")
    head = User.objects.filter(username="rudsar-head").first()
    if rudsar is not None and head is not None:
        actions.submit_answers(
            current,
            rudsar,
            head,
            [actions.Given(q, 3, "", "") for q in current.questionnaire.questions.all()],
        )
    # This quarter's report so far, beside last quarter's: the figures Ravabet recorded.
    actions.issue_report(
        network,
        JalaliQuarter.current(),
        secretariat,
        narrative=(
            "گزارش میان‌فصل برای استانداری: زمان پاسخ به پیام‌های شهروندان و انجام مصوبات "
            "نشست فصلی پیشین در جدول‌ها آمده است. شاخص اعضایی که داده‌هایشان کامل نیست "
            "نمایش داده نمی‌شود."
        ),
    )
    return ["Demo diagnosis: a closed round, an open round, two shared problems, two reports."]
