"""The only way a view reaches a news item: scoped to the user's municipality.

Reporters and the PR head write; only the PR head approves, publishes and withdraws;
a manager reads, and gives the manager's approval where the newsroom asks for it.
Another municipality's staff get a 404.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from ravabet.network.access import (
    AnyUser,
    Rights,
    get_municipality_for_user,
    require,
    rights_in_municipality,
)
from ravabet.network.models import Municipality, Role

from .models import ChannelPost, NewsItem, Photo


def get_newsroom_for_user(
    user: AnyUser, slug: str, *, write: bool = False, approve: bool = False
) -> tuple[Municipality, Rights]:
    """``approve``: the PR head's calls (approving, publishing, the newsroom's settings)."""
    return get_municipality_for_user(user, slug, write=write, head=approve)


def get_news_item_for_user(
    user: AnyUser,
    pk: int,
    *,
    write: bool = False,
    approve: bool = False,
    manager: bool = False,
) -> tuple[NewsItem, Rights]:
    """``manager``: the manager's approval (approving or returning an item that waits)."""
    try:
        item = NewsItem.objects.select_related(
            "municipality", "author", "approved_by", "manager_approved_by"
        ).get(pk=pk)
    except NewsItem.DoesNotExist:
        raise Http404(_("No such news item.")) from None
    rights = require(rights_in_municipality(user, item.municipality), write=write, head=approve)
    if manager and not is_manager(rights):
        raise PermissionDenied(_("Only a manager of the municipality gives this approval."))
    return item, rights


def is_manager(rights: Rights) -> bool:
    return Role.MANAGER in rights.roles


def get_photo_for_user(user: AnyUser, pk: int, *, write: bool = False) -> tuple[Photo, Rights]:
    try:
        photo = Photo.objects.select_related("item__municipality").get(pk=pk)
    except Photo.DoesNotExist:
        raise Http404(_("No such photo.")) from None
    rights = rights_in_municipality(user, photo.item.municipality)
    return photo, require(rights, write=write)


def get_photo_to_view(user: AnyUser, slug: str, pk: int) -> tuple[Photo, bool]:
    """A news photo and whether it is public: a public item's photos are anyone's; the
    photos of a draft are its newsroom's staff's, and a 404 to everyone else."""
    try:
        photo = Photo.objects.select_related("item__municipality").get(
            pk=pk, item__municipality__slug=slug
        )
    except Photo.DoesNotExist:
        raise Http404(_("No such photo.")) from None
    if photo.item.is_public:
        return photo, True  # the user is not looked at: a cache may keep the answer
    require(rights_in_municipality(user, photo.item.municipality))
    return photo, False


def get_channel_post_for_user(
    user: AnyUser, pk: int, *, approve: bool = False
) -> tuple[ChannelPost, Rights]:
    try:
        post = ChannelPost.objects.select_related("item__municipality").get(pk=pk)
    except ChannelPost.DoesNotExist:
        raise Http404(_("No such channel post.")) from None
    rights = rights_in_municipality(user, post.item.municipality)
    return post, require(rights, head=approve)
