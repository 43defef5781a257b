"""The legal thresholds the work log is set against, in one place, with their sources.

This is a record for a classification committee, not legal advice: the texts below were
read from the Labour Law of the Islamic Republic of Iran (قانون کار, approved 1369/08/29);
check the current text before a case is made. Civil servants follow the Civil Service
Management Law (قانون مدیریت خدمات کشوری, 1386) instead, whose article 87 also sets 44 hours
a week; a municipality's PR staff may be under either.

- Labour Law, article 51: «ساعات کار کارگران در شبانه روز نباید از ۸ ساعت تجاوز نماید»; note 1:
  the hours of some days may be shorter and others longer «به شرط آنکه مجموع ساعات کار هر
  هفته از ۴۴ ساعت تجاوز نکند». Normal work: 8 hours a day, 44 a week.
- Labour Law, article 52: «در کارهای سخت و زیان‌آور و زیرزمینی، ساعات کار نباید از شش ساعت
  در روز و ۳۶ ساعت در هفته تجاوز نماید». Hard and harmful work: 6 a day, 36 a week. Its
  note leaves the list of such jobs to a regulation (the 1385 regulation, آیین‌نامه
  اجرایی تبصره ۲ الحاقی ماده ۷۶ قانون اصلاح تأمین اجتماعی, has a clause for journalism).
- Labour Law, article 53: «کار روز کارهایی است که زمان انجام آن از ساعت ۶ بامداد تا ۲۲
  می‌باشد و کار شب کارهایی است که زمان انجام آن بین ۲۲ تا ۶ بامداد قرار دارد»; mixed work
  is partly in each. Night: 22:00 to 06:00.

The evening band (18:00–22:00) is not in the law: in law it is day work. It is kept apart
because an office's working day ends well before it, and work in it is what "after hours"
means in the offices' own words. The week starts on Saturday (the Iranian week).
"""

from __future__ import annotations

import datetime as dt

# Labour Law, article 51 (and its note 1).
NORMAL_DAY_HOURS = 8
NORMAL_WEEK_HOURS = 44
# Labour Law, article 52.
HARD_DAY_HOURS = 6
HARD_WEEK_HOURS = 36
# Labour Law, article 53: night work is from 22:00 to 06:00.
NIGHT_STARTS = dt.time(22, 0)
NIGHT_ENDS = dt.time(6, 0)
# Not in the law (see above): where the evening begins inside legal day work.
EVENING_STARTS = dt.time(18, 0)

# Python's weekday() of Saturday, the first day of the Iranian week; Friday is the rest day.
WEEK_STARTS = 5
FRIDAY = 4

# Privacy: the secretariat, the observer and every survey result see a group only if it has
# at least this many people (a smaller one could be read back to a person).
MIN_GROUP = 5
