"""The only way a view reaches a monitoring record: scoped to the user.

A municipality's sources, watch lists, clippings and replies: its PR office writes, its
manager reads. A network's sources: its secretariat writes, its members' staff read. An
item is reached through a municipality that sees it (mentioned there, or read from one of
its sources). Anybody else: 404.
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from ravabet.network.access import AnyUser, Rights, require, rights_in, rights_in_municipality
from ravabet.network.models import Municipality

from .models import Clipping, Item, ReplyTask, Source, WatchList


def get_source_for_user(user: AnyUser, pk: int, *, write: bool = False) -> tuple[Source, Rights]:
    try:
        source = Source.objects.select_related("municipality", "network__host").get(pk=pk)
    except Source.DoesNotExist:
        raise Http404(_("No such source.")) from None
    return source, require(rights_in(user, source.owner), write=write)


def get_watch_for_user(user: AnyUser, pk: int, *, write: bool = False) -> tuple[WatchList, Rights]:
    try:
        watch = WatchList.objects.select_related("municipality").with_terms().get(pk=pk)
    except WatchList.DoesNotExist:
        raise Http404(_("No such watch list.")) from None
    return watch, require(rights_in_municipality(user, watch.municipality), write=write)


def get_item_for_user(user: AnyUser, municipality: Municipality, pk: int) -> Item:
    """An item as `municipality` sees it (the caller checked the user's rights there)."""
    try:
        return Item.objects.seen_by(municipality).with_source().get(pk=pk)
    except Item.DoesNotExist:
        raise Http404(_("No such item.")) from None


def get_clipping_for_user(
    user: AnyUser, pk: int, *, write: bool = False
) -> tuple[Clipping, Rights]:
    try:
        clipping = Clipping.objects.select_related("municipality", "item").get(pk=pk)
    except Clipping.DoesNotExist:
        raise Http404(_("No such clipping.")) from None
    return clipping, require(rights_in_municipality(user, clipping.municipality), write=write)


def get_reply_for_user(user: AnyUser, pk: int, *, write: bool = False) -> tuple[ReplyTask, Rights]:
    try:
        task = ReplyTask.objects.select_related("clipping__municipality", "clipping__item").get(
            pk=pk
        )
    except ReplyTask.DoesNotExist:
        raise Http404(_("No such reply task.")) from None
    return task, require(rights_in_municipality(user, task.clipping.municipality), write=write)
