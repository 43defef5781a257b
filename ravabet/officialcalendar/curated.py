"""Two readings of the occasions that the data does not carry: mourning, and what matters to PR.

The data (persian-calendar/events) gives each entry a date rule, a Persian title and a
``holiday`` flag, nothing more. The flag cannot tell mourning from feast: Ashura and Eid
al-Fitr are both days off, and many mourning days (the martyrdom of Imam Kazim, the first
Fatimiyya) are not. Titles are prose, and "شهادت" (martyrdom) also names the anniversaries of
the Revolution's martyrs, which are not days of public mourning. So both lists below are
curated by hand: each rule names an entry of the data by its calendar, its month and a
fragment of its own title; ``tests/test_occasions_curated.py`` checks every rule still finds
its entry, so a renamed or dropped entry fails the suite instead of silently unmarking a day.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ravabet.lib import jalali

from .occasions import GREGORIAN, HIJRI, JALALI, Occasion


@dataclass(frozen=True)
class Rule:
    calendar: str
    month: int
    fragment: str

    def matches(self, occasion: Occasion) -> bool:
        if occasion.calendar != self.calendar or self.fragment not in occasion.title:
            return False
        if occasion.calendar == HIJRI:
            return occasion.hijri is not None and occasion.hijri[1] == self.month
        if occasion.calendar == GREGORIAN:
            return occasion.date.month == self.month
        return jalali.to_jalali(occasion.date)[1] == self.month


# The days of public mourning in Iran's official calendar: the martyrdom and passing of the
# Prophet, the Imams and their family (Hijri), Tasua, Ashura and Arbaeen, both Fatimiyya
# dates, and the passing of Imam Khomeini (14 Khordad). On these days a PR office does not
# publish celebratory news or hold a festive ceremony.
MOURNING: tuple[Rule, ...] = (
    Rule(HIJRI, 1, "تاسوعای حسینی"),
    Rule(HIJRI, 1, "عاشورای حسینی"),
    # 12 Muharram, and 25 Muharram "by another narration": both kept in Iran.
    Rule(HIJRI, 1, "شهادت حضرت امام زین‌العابدین"),
    Rule(HIJRI, 2, "شهادت حضرت امام حسن مجتبی"),
    Rule(HIJRI, 2, "اربعین حسینی"),
    Rule(HIJRI, 2, "رحلت حضرت رسول اکرم"),
    Rule(HIJRI, 2, "شهادت حضرت امام رضا"),
    Rule(HIJRI, 3, "شهادت حضرت امام حسن عسکری"),
    Rule(HIJRI, 4, "وفات حضرت معصومه"),
    # The first and the second Fatimiyya.
    Rule(HIJRI, 5, "شهادت حضرت فاطمهٔ زهرا"),
    Rule(HIJRI, 6, "شهادت حضرت فاطمهٔ زهرا"),
    Rule(HIJRI, 6, "وفات حضرت ام‌البنین"),
    Rule(HIJRI, 7, "شهادت حضرت امام علی النقی"),
    Rule(HIJRI, 7, "ارتحال حضرت زینب"),
    Rule(HIJRI, 7, "شهادت حضرت امام موسی کاظم"),
    Rule(HIJRI, 9, "وفات حضرت خدیجه"),
    Rule(HIJRI, 9, "ضربت خوردن حضرت امام علی"),
    Rule(HIJRI, 9, "شهادت حضرت امام علی"),
    Rule(HIJRI, 10, "شهادت حضرت امام جعفر صادق"),
    Rule(HIJRI, 11, "شهادت حضرت امام محمد تقی"),
    Rule(HIJRI, 12, "شهادت حضرت امام محمد باقر"),
    Rule(JALALI, 3, "رحلت حضرت امام خمینی"),
)


@dataclass(frozen=True)
class PrRule(Rule):
    why: str | Promise = ""


# The occasions a municipal PR office plans for, and why.
PR_OCCASIONS: tuple[PrRule, ...] = (
    PrRule(
        JALALI,
        2,
        "روز ارتباطات و روابط عمومی",
        _("The profession's own day: the network's ceremony, awards, a message to the press."),
    ),
    PrRule(
        JALALI,
        4,
        "روز شهرداری و دهیاری",
        _("The municipality's own day: a report to citizens, open doors, the mayor's message."),
    ),
    PrRule(
        JALALI,
        5,
        "روز خبرنگار",
        _("The press the office works with every day: a meeting with journalists, a thank-you."),
    ),
    PrRule(
        JALALI,
        2,
        "روز شوراها",
        _("The city council's day: a joint programme with the council and its news."),
    ),
    PrRule(
        JALALI,
        7,
        "روز آتش‌نشانی و ایمنی",
        _("The municipality's fire service: an open day at the stations and safety advice."),
    ),
    PrRule(
        JALALI,
        5,
        "روز اهدای خون",
        _("A staff campaign that the office announces and covers."),
    ),
    PrRule(
        JALALI,
        1,
        "روز طبیعت",
        _("Parks and green spaces at their busiest: services, cleaning, news for citizens."),
    ),
    PrRule(
        JALALI,
        12,
        "روز درختکاری",
        _("The green-space department's planting campaign with citizens and schools."),
    ),
    PrRule(
        JALALI,
        10,
        "روز ایمنی در برابر زلزله",
        _("Crisis management: a drill and public education on what to do."),
    ),
    PrRule(
        JALALI,
        2,
        "روز ایمنی حمل و نقل",
        _("City transport and traffic: a campaign on safe streets."),
    ),
    PrRule(
        JALALI,
        5,
        "روز تشکل‌ها و مشارکت‌های اجتماعی",
        _("Citizens' participation: neighbourhood councils and volunteers."),
    ),
    PrRule(
        JALALI,
        12,
        "روز حمایت از حقوق مصرف‌کنندگان",
        _("Citizens' rights: what the municipality owes and how to ask for it."),
    ),
    PrRule(
        JALALI,
        6,
        "روز کارمند",
        _("The municipality's own staff: thanks, news from inside."),
    ),
    PrRule(
        JALALI,
        8,
        "روز کتاب",
        _("The municipality's libraries and culture houses."),
    ),
    PrRule(
        GREGORIAN,
        6,
        "روز جهانی محیط زیست",
        _("Waste, recycling and clean air: the city's environmental news."),
    ),
    PrRule(
        GREGORIAN,
        12,
        "روز جهانی معلولان",
        _("An accessible city: ramps, transport, services for people with disabilities."),
    ),
)


def is_mourning(occasion: Occasion) -> bool:
    return _mourning(occasion)


@functools.lru_cache(maxsize=8192)
def _mourning(occasion: Occasion) -> bool:
    return any(rule.matches(occasion) for rule in MOURNING)


def pr_rule(occasion: Occasion) -> PrRule | None:
    """The PR rule that marks ``occasion``, if any."""
    return _pr(occasion)


@functools.lru_cache(maxsize=8192)
def _pr(occasion: Occasion) -> PrRule | None:
    return next((rule for rule in PR_OCCASIONS if rule.matches(occasion)), None)
