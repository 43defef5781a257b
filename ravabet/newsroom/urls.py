from django.urls import path

from . import feeds, views

app_name = "newsroom"
urlpatterns = [
    # Public
    path("m/<slug:slug>/news/", views.municipality_news, name="public-list"),
    path("m/<slug:slug>/news/<int:pk>/", views.article, name="article"),
    path("m/<slug:slug>/news/rss/", feeds.MunicipalityRSS(), name="rss"),
    path("m/<slug:slug>/news/atom/", feeds.MunicipalityAtom(), name="atom"),
    path("n/<slug:slug>/news/", views.network_news, name="network-list"),
    # A published item's photos are public; a draft's are its newsroom's (views.photo_file).
    path(
        "media/news/<slug:slug>/<int:pk>/<str:rendition>",
        views.photo_file,
        name="photo-file",
    ),
    path("n/<slug:slug>/news/rss/", feeds.NetworkRSS(), name="network-rss"),
    path("n/<slug:slug>/news/atom/", feeds.NetworkAtom(), name="network-atom"),
    # Staff
    path("office/m/<slug:slug>/news/", views.news_list, name="list"),
    path("office/m/<slug:slug>/news/new/", views.news_new, name="new"),
    path("office/m/<slug:slug>/news/import/", views.news_import, name="import"),
    path("office/m/<slug:slug>/news/settings/", views.newsroom_settings, name="settings"),
    path("office/news/<int:pk>/", views.news_item, name="item"),
    path("office/news/<int:pk>/edit/", views.news_edit, name="edit"),
    path("office/news/<int:pk>/submit/", views.news_submit, name="submit"),
    path("office/news/<int:pk>/return/", views.news_return, name="return"),
    path("office/news/<int:pk>/delete/", views.news_delete, name="delete"),
    path("office/news/<int:pk>/approve/", views.news_approve, name="approve"),
    path("office/news/<int:pk>/publish/", views.news_publish, name="publish"),
    path("office/news/<int:pk>/withdraw/", views.news_withdraw, name="withdraw"),
    path("office/news/<int:pk>/revisions/", views.news_revisions, name="revisions"),
    path(
        "office/news/<int:pk>/revisions/<int:number>/restore/",
        views.revision_restore,
        name="restore",
    ),
    path("office/news/<int:pk>/photos/", views.photo_add, name="photo-add"),
    path("office/news/photos/<int:pk>/remove/", views.photo_remove, name="photo-remove"),
    path("office/news/<int:pk>/channel/", views.channel_post, name="channel-post"),
    path("office/news/channel-posts/<int:pk>/retry/", views.channel_retry, name="channel-retry"),
]
