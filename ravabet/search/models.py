from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ravabet.network.models import User


class Audience(models.TextChoices):
    PUBLIC = "public", _("Everyone")
    NETWORK = "network", _("The network's members")
    MUNICIPALITY = "municipality", _("The municipality's staff")
    PR = "pr", _("The municipality's PR office")


class SearchEntryQuerySet(models.QuerySet["SearchEntry"]):
    def public(self) -> SearchEntryQuerySet:
        return self.filter(audience=Audience.PUBLIC)

    def visible_to(self, user: User | AnonymousUser) -> SearchEntryQuerySet:
        from .facets import Scope  # the scope module reads this one's Audience

        return self.filter(Scope.for_user(user).q())


class SearchEntry(models.Model):
    """One searchable record, as its registered source described it.

    The `*_norm` columns hold `persian.normalize()`d text; the full-text index (FTS5 on
    SQLite, a tsvector on PostgreSQL) is built from them by the database itself, with
    columns Django does not see (migrations 0002 and 0004). A migration that changes this
    model makes SQLite copy the table and lose them: such a migration must set the index
    up again after it.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=60, db_index=True)
    audience = models.CharField(max_length=20, choices=Audience.choices)
    municipality = models.ForeignKey(
        "network.Municipality", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    network = models.ForeignKey(
        "network.Network", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(max_length=300)
    title_norm = models.TextField()
    # The text as written, for excerpts (the index reads body_norm; migration 0005).
    body = models.TextField(blank=True, default="")
    body_norm = models.TextField()
    url = models.CharField(max_length=300)
    date = models.DateTimeField(null=True, blank=True, db_index=True)

    objects = SearchEntryQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="search_entry_unique"
            ),
            models.CheckConstraint(
                condition=Q(audience__in=Audience.values), name="search_audience_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title
