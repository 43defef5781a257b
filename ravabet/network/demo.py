"""The demo network of the seed document: eastern Gilan, secretariat in Lahijan.

Every step is keyed on natural keys (slugs, usernames, names), so loading twice changes
nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from .actions import save_department, save_municipality
from .models import Department, Membership, Municipality, Network, Role, User

DEMO_PASSWORD = "ravabet-demo"  # noqa: S105  (printed for the demo; never used in production)

PROVINCE = "گیلان"

MUNICIPALITIES = [
    # slug, Persian, English, county, PR head (first, last), reporter (first, last)
    ("lahijan", "لاهیجان", "Lahijan", "لاهیجان", ("مهدی", "رضوانی"), ("سارا", "کاظمی")),
    ("rudsar", "رودسر", "Rudsar", "رودسر", ("علی", "نوروزی"), ("نگار", "صفری")),
    ("rudboneh", "رودبنه", "Rudboneh", "لاهیجان", ("حسین", "قربانی"), ("زهرا", "امینی")),
    ("shalman", "شلمان", "Shalman", "لنگرود", ("رضا", "مرادی"), ("فاطمه", "یوسفی")),
    ("kelachay", "کلاچای", "Kelachay", "رودسر", ("محمد", "حیدری"), ("مریم", "رحیمی")),
    (
        "astaneh-ashrafiyeh",
        "آستانه اشرفیه",
        "Astaneh-ye Ashrafiyeh",
        "آستانه اشرفیه",
        ("امیر", "پورحسن"),
        ("الهام", "شریفی"),
    ),
]

DEPARTMENTS = [
    ("خدمات شهری", "Urban services"),
    ("فضای سبز", "Green space"),
    ("حمل‌ونقل و ترافیک", "Transport and traffic"),
    ("شهرسازی و معماری", "Planning and building"),
    ("امور فرهنگی، اجتماعی و ورزشی", "Culture, society and sport"),
]


@dataclass(frozen=True)
class Login:
    username: str
    who: str
    role: str


def _user(username: str, first: str, last: str, logins: list[Login], role: str) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": first, "last_name": last, "email": f"{username}@example.org"},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    logins.append(Login(username, f"{first} {last}", role))
    return user


def _member(user: User, role: Role, *, title: str = "", **place: object) -> None:
    Membership.objects.get_or_create(user=user, role=role, **place, defaults={"title": title})


@transaction.atomic
def load_network() -> list[Login]:
    logins: list[Login] = []
    municipalities: dict[str, Municipality] = {}
    for slug, name, name_en, county, head, reporter in MUNICIPALITIES:
        municipality = Municipality.objects.filter(slug=slug).first()
        if municipality is None:
            municipality = save_municipality(
                Municipality(
                    slug=slug, name=name, name_en=name_en, county=county, province=PROVINCE
                )
            )
        municipalities[slug] = municipality
        for dep_name, dep_name_en in DEPARTMENTS:
            if not Department.objects.filter(municipality=municipality, name=dep_name).exists():
                save_department(
                    Department(municipality=municipality, name=dep_name, name_en=dep_name_en)
                )
        pr_head = _user(f"{slug}-head", *head, logins, f"PR head, {name_en}")
        _member(
            pr_head,
            Role.PR_HEAD,
            municipality=municipality,
            title=f"مدیر روابط عمومی شهرداری {name}",
        )
        staff = _user(f"{slug}-reporter", *reporter, logins, f"PR reporter, {name_en}")
        _member(staff, Role.PR_STAFF, municipality=municipality, title="خبرنگار روابط عمومی")

    lahijan = municipalities["lahijan"]
    network, _created = Network.objects.get_or_create(
        slug="east-gilan",
        defaults={
            "name": "شبکه روابط عمومی شهرداری‌های شرق گیلان",
            "name_en": "Eastern Gilan Municipal PR Network",
            "province": PROVINCE,
            "host": lahijan,
            "about": "مدیران روابط عمومی شهرداری‌های شرق گیلان هر فصل یک بار گرد هم می‌آیند؛ "
            "دبیرخانه دائمی شبکه در شهرداری لاهیجان است.",
        },
    )
    network.members.add(*municipalities.values())

    # The seed's Lahijan head of communications also runs the secretariat.
    lahijan_head = User.objects.get(username="lahijan-head")
    Membership.objects.filter(user=lahijan_head, role=Role.PR_HEAD).update(
        title="رئیس اداره ارتباطات و امور بین‌الملل شهرداری لاهیجان"
    )
    _member(lahijan_head, Role.SECRETARIAT, network=network, title="دبیر شبکه")
    secretary = _user("secretariat", "نرگس", "فلاحی", logins, "Secretariat staff")
    _member(secretary, Role.SECRETARIAT, network=network, title="کارشناس دبیرخانه")
    observer = _user("observer", "بهرام", "اسدی", logins, "Governorate observer")
    _member(
        observer,
        Role.OBSERVER,
        network=network,
        title="مدیرکل دفتر امور شهری و شوراهای استانداری گیلان",
    )
    manager = _user("lahijan-manager", "کامران", "جعفری", logins, "Manager, Lahijan")
    _member(manager, Role.MANAGER, municipality=lahijan, title="شهردار لاهیجان")
    admin = _user("admin", "مدیر", "سامانه", logins, "Site administrator (/admin/)")
    if not admin.is_superuser:
        admin.is_staff = admin.is_superuser = True
        admin.save(update_fields=["is_staff", "is_superuser"])
    return logins


def load() -> list[str]:
    """The lines `load_demo` prints for this part of the demo."""
    logins = load_network()
    return [
        "Demo network loaded: eastern Gilan.",
        f"Demo logins (password for all: {DEMO_PASSWORD}):",
        *(f"  {login.username:<28} {login.role}" for login in logins),
    ]
