from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ravabet.core.files import opaque_name
from ravabet.network.models import Municipality, Network


class ExperienceQuerySet(models.QuerySet["Experience"]):
    def of_network(self, network: Network) -> ExperienceQuerySet:
        return self.filter(network=network)

    def with_counts(self) -> ExperienceQuerySet:
        return self.annotate(
            useful_count=Count("marks", distinct=True),
            comment_count=Count("comments", distinct=True),
        )

    def featured_first(self) -> ExperienceQuerySet:
        return self.order_by("-is_featured", "-created_at", "-pk")


class Experience(models.Model):
    """A good practice written by one office for the others in its network."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="experiences", verbose_name=_("network")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="experiences",
        verbose_name=_("municipality"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(_("the problem"))
    action = models.TextField(_("what was done"))
    result = models.TextField(_("the result"))
    tags = models.CharField(
        _("tags"), max_length=300, blank=True, help_text=_("Separated by commas.")
    )
    is_featured = models.BooleanField(_("featured by the secretariat"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ExperienceQuerySet.as_manager()

    class Meta:
        verbose_name = _("experience")
        verbose_name_plural = _("experiences")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "title"], name="experience_title_unique_per_municipality"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("experience:detail", args=[self.pk])

    @property
    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.replace("،", ",").split(",") if t.strip()]


def attachment_path(instance: models.Model, filename: str) -> str:
    # Random: what the uploader called the file is kept in `name`, not on disk.
    return opaque_name("experience/attachments", filename)


class ExperienceAttachment(models.Model):
    experience = models.ForeignKey(Experience, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path)
    name = models.CharField(_("name"), max_length=200)

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("experience:attachment-file", args=[self.pk])


class Comment(models.Model):
    experience = models.ForeignKey(Experience, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:40]


class UsefulMark(models.Model):
    experience = models.ForeignKey(Experience, on_delete=models.CASCADE, related_name="marks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["experience", "user"], name="useful_once_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.experience_id}"


def counts_per_member(network: Network) -> list[Municipality]:
    return list(
        network.members.annotate(
            experience_count=Count("experiences", filter=Q(experiences__network=network))
        ).order_by("-experience_count", "name")
    )
