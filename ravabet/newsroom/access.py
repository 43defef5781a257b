"""The only way a view reaches a news item: scoped to the user's municipality.

Reporters and the PR head write; only the PR head approves, publishes and withdraws;
a manager reads. Another municipality's staff get a 404.
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from ravabet.network.access import (
    AnyUser,
    Rights,
    get_municipality_for_user,
    require,
    rights_in_municipality,
)
from ravabet.network.models import Municipality

from .models import ChannelPost, NewsItem, Photo


def get_newsroom_for_user(
    user: AnyUser, slug: str, *, write: bool = False, approve: bool = False
) -> tuple[Municipality, Rights]:
    """``approve``: the PR head's calls (approving, publishing, the newsroom's settings)."""
    return get_municipality_for_user(user, slug, write=write, head=approve)


def get_news_item_for_user(
    user: AnyUser, pk: int, *, write: bool = False, approve: bool = False
) -> tuple[NewsItem, Rights]:
    try:
        item = NewsItem.objects.select_related("municipality", "author", "approved_by").get(pk=pk)
    except NewsItem.DoesNotExist:
        raise Http404(_("No such news item.")) from None
    rights = rights_in_municipality(user, item.municipality)
    return item, require(rights, write=write, head=approve)


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
