"""What a channel post carries, read when it is posted: the bot's current settings and
the item's first photo."""

from __future__ import annotations

from ravabet.outbox.compose import BotPost, composer
from ravabet.outbox.models import Send

from .models import ChannelPost, NewsroomSettings


@composer(ChannelPost)
def channel_post(send: Send) -> BotPost:
    post = ChannelPost.objects.select_related("item__municipality").get(pk=send.pk)
    config = NewsroomSettings.objects.get(municipality=post.item.municipality)
    photo = post.item.first_photo()
    image = None
    if photo and photo.feed:
        with photo.feed.open("rb") as f:
            image = f.read()
    return BotPost(api_base=config.api_base, token=config.bot_token, text=post.text, photo=image)
