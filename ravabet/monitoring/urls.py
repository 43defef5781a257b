from django.urls import path

from . import office_views as views

app_name = "monitoring"
urlpatterns = [
    path("office/m/<slug:slug>/monitoring/", views.mentions, name="mentions"),
    path("office/m/<slug:slug>/monitoring/items/<int:pk>/", views.item_detail, name="item"),
    path("office/m/<slug:slug>/monitoring/items/<int:pk>/clip/", views.clip, name="clip"),
    path("office/m/<slug:slug>/monitoring/clippings/", views.clippings, name="clippings"),
    path("office/m/<slug:slug>/monitoring/sources/", views.sources, name="sources"),
    path("office/m/<slug:slug>/monitoring/watch/", views.watches, name="watches"),
    path("office/m/<slug:slug>/monitoring/bulletin/", views.bulletin, name="bulletin"),
    path(
        "office/m/<slug:slug>/monitoring/bulletin.pdf",
        views.bulletin_download,
        name="bulletin_pdf",
    ),
    path(
        "office/m/<slug:slug>/monitoring/bulletin/subscribe/",
        views.bulletin_subscribe,
        name="bulletin_subscribe",
    ),
    path(
        "office/m/<slug:slug>/monitoring/bulletin/send/", views.bulletin_send, name="bulletin_send"
    ),
    path("office/m/<slug:slug>/monitoring/report/", views.coverage, name="report"),
    path("office/n/<slug:slug>/monitoring/sources/", views.network_sources, name="network_sources"),
    path("office/n/<slug:slug>/monitoring/report/", views.network_report, name="network_report"),
    path("office/monitoring/sources/<int:pk>/", views.source_detail, name="source"),
    path("office/monitoring/sources/<int:pk>/poll/", views.source_poll, name="source_poll"),
    path("office/monitoring/sources/<int:pk>/active/", views.source_active, name="source_active"),
    path("office/monitoring/watch/<int:pk>/", views.watch_edit, name="watch"),
    path("office/monitoring/clippings/<int:pk>/reply/", views.reply_open, name="reply_open"),
    path("office/monitoring/replies/<int:pk>/", views.reply_edit, name="reply"),
]
