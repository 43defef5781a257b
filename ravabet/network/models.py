from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ravabet.core.files import opaque_name
from ravabet.lib.i18n import is_fa

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


class User(AbstractUser):
    """A person with an account. What they may do comes from their memberships."""

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class BilingualName(models.Model):
    name = models.CharField(_("name (Persian)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.name_en and not is_fa():
            return self.name_en
        return self.name


def logo_path(instance: models.Model, filename: str) -> str:
    return opaque_name("logos", filename)


class Municipality(BilingualName):
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    province = models.CharField(_("province"), max_length=80)
    county = models.CharField(_("county"), max_length=80)
    logo = models.ImageField(_("logo"), upload_to=logo_path, blank=True)
    about = models.TextField(_("about"), blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def get_absolute_url(self) -> str:
        return reverse("network:municipality", args=[self.slug])

    def get_office_url(self) -> str:
        return reverse("office:municipality", args=[self.slug])

    @property
    def logo_url(self) -> str:
        """Public, in production too (network.views.logo_file)."""
        return reverse("network:logo", args=[self.slug]) if self.logo else ""


class Network(BilingualName):
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    province = models.CharField(_("province"), max_length=80)
    host = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="hosted_networks",
        verbose_name=_("secretariat host"),
        help_text=_("The municipality that hosts the network's permanent secretariat."),
    )
    members = models.ManyToManyField(
        Municipality, related_name="networks", verbose_name=_("member municipalities")
    )
    about = models.TextField(_("about"), blank=True)

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]

    def get_absolute_url(self) -> str:
        return reverse("network:network", args=[self.slug])

    def get_office_url(self) -> str:
        return reverse("office:network", args=[self.slug])


class DepartmentQuerySet(models.QuerySet["Department"]):
    def active(self) -> DepartmentQuerySet:
        return self.filter(is_active=True)


class Department(BilingualName):
    """A unit of the municipality (e.g. urban services); citizens' messages are routed to it."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="departments",
        verbose_name=_("municipality"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = DepartmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="department_name_unique_per_municipality"
            )
        ]

    def get_office_url(self) -> str:
        return reverse("office:department-edit", args=[self.pk])


class Role(models.TextChoices):
    PR_HEAD = "pr_head", _("PR head")
    PR_STAFF = "pr_staff", _("PR staff")
    MANAGER = "manager", _("Manager")
    SECRETARIAT = "secretariat", _("Secretariat staff")
    OBSERVER = "observer", _("Governorate observer")


MUNICIPAL_ROLES = frozenset({Role.PR_HEAD, Role.PR_STAFF, Role.MANAGER})
NETWORK_ROLES = frozenset({Role.SECRETARIAT, Role.OBSERVER})
# Roles that write in their place; the others read (and, later, approve).
WRITING_ROLES = frozenset({Role.PR_HEAD, Role.PR_STAFF, Role.SECRETARIAT})
PR_ROLES = frozenset({Role.PR_HEAD, Role.PR_STAFF})


class MembershipQuerySet(models.QuerySet["Membership"]):
    def for_user(self, user: User | AnonymousUser) -> MembershipQuerySet:
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(user=user)

    def municipal(self) -> MembershipQuerySet:
        return self.filter(municipality__isnull=False)

    def in_networks(self) -> MembershipQuerySet:
        return self.filter(network__isnull=False)

    def with_roles(self, roles: frozenset[Role]) -> MembershipQuerySet:
        return self.filter(role__in=roles)


class Membership(models.Model):
    """A person's role in one place: a municipality's office or a network's secretariat.

    A person may hold several (a Lahijan PR head is also the network's secretariat staff).
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("municipality"),
    )
    network = models.ForeignKey(
        Network,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("network"),
    )
    title = models.CharField(
        _("job title"),
        max_length=200,
        blank=True,
        help_text=_("As it should appear in news and minutes."),
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_valid"),
            models.CheckConstraint(
                condition=(
                    Q(
                        role__in=sorted(r.value for r in MUNICIPAL_ROLES),
                        municipality__isnull=False,
                        network__isnull=True,
                    )
                    | Q(
                        role__in=sorted(r.value for r in NETWORK_ROLES),
                        network__isnull=False,
                        municipality__isnull=True,
                    )
                ),
                name="membership_place_matches_role",
                violation_error_message=_(
                    "A PR head, PR staff or manager belongs to a municipality; secretariat "
                    "staff and observers belong to a network."
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "municipality"],
                condition=Q(municipality__isnull=False),
                name="membership_unique_municipal",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "network"],
                condition=Q(network__isnull=False),
                name="membership_unique_network",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.place}"

    @property
    def place(self) -> Municipality | Network | None:
        return self.municipality or self.network

    @property
    def can_write(self) -> bool:
        return self.role in WRITING_ROLES
