"""The only way a view reaches a news item: scoped to the user's municipality.

Reporters and the PR head write; only the PR head approves, publishes and withdraws;
a manager reads. Another municipality's staff get a 404.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from ravabet.network.access import AnyUser, roles_in_municipality
from ravabet.network.models import MUNICIPAL_ROLES, PR_ROLES, Municipality, Role

from .models import ChannelPost, NewsItem, Photo


def news_roles(user: AnyUser, municipality: Municipality) -> frozenset[str]:
    return roles_in_municipality(user, municipality) & MUNICIPAL_ROLES


def check_news_access(roles: frozenset[str], *, write: bool = False, approve: bool = False) -> None:
    if not roles:
        raise Http404(_("No such page, or it is not yours to see."))
    if approve and Role.PR_HEAD not in roles:
        raise PermissionDenied(_("Only the PR head approves, publishes and withdraws news."))
    if write and not roles & PR_ROLES:
        raise PermissionDenied(_("Your role here can read news but not write it."))


def get_newsroom_for_user(
    user: AnyUser, slug: str, *, write: bool = False, approve: bool = False
) -> tuple[Municipality, frozenset[str]]:
    try:
        municipality = Municipality.objects.get(slug=slug)
    except Municipality.DoesNotExist:
        raise Http404(_("No such municipality.")) from None
    roles = news_roles(user, municipality)
    check_news_access(roles, write=write, approve=approve)
    return municipality, roles


def get_news_item_for_user(
    user: AnyUser, pk: int, *, write: bool = False, approve: bool = False
) -> tuple[NewsItem, frozenset[str]]:
    try:
        item = NewsItem.objects.select_related("municipality", "author", "approved_by").get(pk=pk)
    except NewsItem.DoesNotExist:
        raise Http404(_("No such news item.")) from None
    roles = news_roles(user, item.municipality)
    check_news_access(roles, write=write, approve=approve)
    return item, roles


def get_photo_for_user(user: AnyUser, pk: int, *, write: bool = False) -> Photo:
    try:
        photo = Photo.objects.select_related("item__municipality").get(pk=pk)
    except Photo.DoesNotExist:
        raise Http404(_("No such photo.")) from None
    check_news_access(news_roles(user, photo.item.municipality), write=write)
    return photo


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
    check_news_access(news_roles(user, photo.item.municipality))
    return photo, False


def get_channel_post_for_user(user: AnyUser, pk: int, *, approve: bool = False) -> ChannelPost:
    try:
        post = ChannelPost.objects.select_related("item__municipality").get(pk=pk)
    except ChannelPost.DoesNotExist:
        raise Http404(_("No such channel post.")) from None
    check_news_access(news_roles(user, post.item.municipality), approve=approve)
    return post
