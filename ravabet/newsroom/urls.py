from django.urls import path

from ravabet.core.publiccache import public_page

from . import feeds, office_views, public_views

app_name = "newsroom"
urlpatterns = [
    # Public
    path("m/<slug:slug>/news/", public_views.municipality_news, name="public-list"),
    path("m/<slug:slug>/news/<int:pk>/", public_views.article, name="article"),
    path("m/<slug:slug>/news/rss/", public_page(feeds.MunicipalityRSS()), name="rss"),
    path("m/<slug:slug>/news/atom/", public_page(feeds.MunicipalityAtom()), name="atom"),
    path("n/<slug:slug>/news/", public_views.network_news, name="network-list"),
    # A published item's photos are public; a draft's are its newsroom's (public_views.photo_file).
    path(
        "media/news/<slug:slug>/<int:pk>/<str:rendition>",
        public_views.photo_file,
        name="photo-file",
    ),
    path("n/<slug:slug>/news/rss/", public_page(feeds.NetworkRSS()), name="network-rss"),
    path("n/<slug:slug>/news/atom/", public_page(feeds.NetworkAtom()), name="network-atom"),
    # Staff
    path("office/m/<slug:slug>/news/", office_views.news_list, name="list"),
    path("office/m/<slug:slug>/news/new/", office_views.news_new, name="new"),
    path("office/m/<slug:slug>/news/import/", office_views.news_import, name="import"),
    path("office/m/<slug:slug>/news/settings/", office_views.newsroom_settings, name="settings"),
    path(
        "office/m/<slug:slug>/news/manager-approvals/",
        office_views.manager_queue,
        name="manager-queue",
    ),
    path("office/news/<int:pk>/", office_views.news_item, name="item"),
    path("office/news/<int:pk>/edit/", office_views.news_edit, name="edit"),
    path("office/news/<int:pk>/submit/", office_views.news_submit, name="submit"),
    path("office/news/<int:pk>/return/", office_views.news_return, name="return"),
    path("office/news/<int:pk>/delete/", office_views.news_delete, name="delete"),
    path("office/news/<int:pk>/approve/", office_views.news_approve, name="approve"),
    path(
        "office/news/<int:pk>/request-manager/",
        office_views.news_request_manager,
        name="request-manager",
    ),
    path(
        "office/news/<int:pk>/manager-approve/",
        office_views.manager_approve,
        name="manager-approve",
    ),
    path(
        "office/news/<int:pk>/manager-return/", office_views.manager_return, name="manager-return"
    ),
    path("office/news/<int:pk>/publish/", office_views.news_publish, name="publish"),
    path("office/news/<int:pk>/withdraw/", office_views.news_withdraw, name="withdraw"),
    path("office/news/<int:pk>/revisions/", office_views.news_revisions, name="revisions"),
    path(
        "office/news/<int:pk>/revisions/<int:number>/restore/",
        office_views.revision_restore,
        name="restore",
    ),
    path("office/news/<int:pk>/photos/", office_views.photo_add, name="photo-add"),
    path("office/news/photos/<int:pk>/remove/", office_views.photo_remove, name="photo-remove"),
    path("office/news/<int:pk>/channel/", office_views.channel_post, name="channel-post"),
    path(
        "office/news/channel-posts/<int:pk>/retry/",
        office_views.channel_retry,
        name="channel-retry",
    ),
]
