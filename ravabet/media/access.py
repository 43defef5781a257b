"""Media records are reached only through these helpers, scoped to the user's municipality:
its staff read, its PR office writes, its PR head sends a release again."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from ravabet.network.access import AnyUser, Rights, require, rights_in_municipality

from .models import Delivery, Distribution, Journalist, Outlet


def get_journalist_for_user(
    user: AnyUser, pk: int, *, write: bool = False
) -> tuple[Journalist, Rights]:
    try:
        journalist = Journalist.objects.select_related("municipality", "outlet").get(pk=pk)
    except Journalist.DoesNotExist:
        raise Http404(_("No such journalist.")) from None
    return journalist, require(rights_in_municipality(user, journalist.municipality), write=write)


def get_outlet_for_user(user: AnyUser, pk: int, *, write: bool = False) -> tuple[Outlet, Rights]:
    try:
        outlet = Outlet.objects.select_related("municipality").get(pk=pk)
    except Outlet.DoesNotExist:
        raise Http404(_("No such outlet.")) from None
    return outlet, require(rights_in_municipality(user, outlet.municipality), write=write)


def get_distribution_for_user(
    user: AnyUser, pk: int, *, write: bool = False
) -> tuple[Distribution, Rights]:
    try:
        distribution = Distribution.objects.select_related("item__municipality", "created_by").get(
            pk=pk
        )
    except Distribution.DoesNotExist:
        raise Http404(_("No such distribution.")) from None
    rights = rights_in_municipality(user, distribution.item.municipality)
    return distribution, require(rights, write=write)


def get_delivery_for_user(
    user: AnyUser, pk: int, *, approve: bool = False
) -> tuple[Delivery, Rights]:
    try:
        delivery = Delivery.objects.select_related(
            "distribution__item__municipality", "journalist"
        ).get(pk=pk)
    except Delivery.DoesNotExist:
        raise Http404(_("No such delivery.")) from None
    rights = rights_in_municipality(user, delivery.distribution.item.municipality)
    return delivery, require(rights, head=approve)
