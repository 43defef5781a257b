"""Media records are reached only through these helpers, scoped to the user's municipality."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from ravabet.network.access import AnyUser
from ravabet.newsroom.access import check_news_access, news_roles

from .models import Delivery, Distribution, Journalist, Outlet


def get_journalist_for_user(user: AnyUser, pk: int, *, write: bool = False) -> Journalist:
    try:
        journalist = Journalist.objects.select_related("municipality", "outlet").get(pk=pk)
    except Journalist.DoesNotExist:
        raise Http404(_("No such journalist.")) from None
    check_news_access(news_roles(user, journalist.municipality), write=write)
    return journalist


def get_outlet_for_user(user: AnyUser, pk: int, *, write: bool = False) -> Outlet:
    try:
        outlet = Outlet.objects.select_related("municipality").get(pk=pk)
    except Outlet.DoesNotExist:
        raise Http404(_("No such outlet.")) from None
    check_news_access(news_roles(user, outlet.municipality), write=write)
    return outlet


def get_distribution_for_user(user: AnyUser, pk: int, *, write: bool = False) -> Distribution:
    try:
        distribution = Distribution.objects.select_related("item__municipality", "created_by").get(
            pk=pk
        )
    except Distribution.DoesNotExist:
        raise Http404(_("No such distribution.")) from None
    check_news_access(news_roles(user, distribution.item.municipality), write=write)
    return distribution


def get_delivery_for_user(user: AnyUser, pk: int, *, approve: bool = False) -> Delivery:
    try:
        delivery = Delivery.objects.select_related(
            "distribution__item__municipality", "journalist"
        ).get(pk=pk)
    except Delivery.DoesNotExist:
        raise Http404(_("No such delivery.")) from None
    check_news_access(news_roles(user, delivery.distribution.item.municipality), approve=approve)
    return delivery
