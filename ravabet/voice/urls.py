from django.urls import include, path

from . import office_views, views

app_name = "voice"
urlpatterns = [
    path("m/<slug:slug>/contact/", views.contact, name="contact"),
    path("track/", views.track, name="track"),
    path("track/<str:code>/", views.track_message, name="track-message"),
    path("track/<str:code>/rate/", views.rate, name="rate"),
    path("track/<str:code>/reopen/", views.reopen, name="reopen"),
    path("office/m/<slug:slug>/voice/", office_views.inbox, name="inbox"),
    path("office/m/<slug:slug>/voice/new/", office_views.new_message, name="new"),
    path("office/m/<slug:slug>/voice/access-log/", office_views.access_log, name="access-log"),
    path("office/m/<slug:slug>/voice/report/", office_views.report_page, name="report"),
    path("office/m/<slug:slug>/voice/report.pdf", office_views.report_pdf, name="report-pdf"),
    path("office/n/<slug:slug>/voice/", office_views.network_report, name="network-report"),
    path("office/voice/<int:pk>/", office_views.message_detail, name="message"),
    path("office/voice/<int:pk>/contact/", office_views.message_contact, name="contact-details"),
    path("office/voice/<int:pk>/route/", office_views.message_route, name="route"),
    path("office/voice/<int:pk>/note/", office_views.message_note, name="note"),
    path("office/voice/<int:pk>/reply/", office_views.message_reply, name="reply"),
    path("office/voice/<int:pk>/status/", office_views.message_status, name="status"),
    path("office/voice/<int:pk>/merge/", office_views.message_merge, name="merge"),
    path("open311/v2/", include("ravabet.voice.open311.urls")),
]
