from django.urls import include, path

from . import office_settings_views, office_views, public_views

app_name = "voice"
urlpatterns = [
    path("m/<slug:slug>/contact/", public_views.contact, name="contact"),
    path("track/", public_views.track, name="track"),
    path("track/<str:code>/", public_views.track_message, name="track-message"),
    path("track/<str:code>/rate/", public_views.rate, name="rate"),
    path("track/<str:code>/reopen/", public_views.reopen, name="reopen"),
    path("office/m/<slug:slug>/voice/", office_views.inbox, name="inbox"),
    path("office/m/<slug:slug>/voice/new/", office_views.new_message, name="new"),
    path("office/m/<slug:slug>/voice/access-log/", office_views.access_log, name="access-log"),
    path("office/m/<slug:slug>/voice/report/", office_views.report_page, name="report"),
    path("office/m/<slug:slug>/voice/report.pdf", office_views.report_pdf, name="report-pdf"),
    path(
        "office/m/<slug:slug>/voice/settings/", office_settings_views.settings_page, name="settings"
    ),
    path(
        "office/m/<slug:slug>/voice/settings/week/",
        office_settings_views.settings_week,
        name="settings-week",
    ),
    path(
        "office/m/<slug:slug>/voice/settings/holidays/",
        office_settings_views.holiday_add,
        name="holiday-add",
    ),
    path(
        "office/m/<slug:slug>/voice/settings/holidays/<int:pk>/delete/",
        office_settings_views.holiday_delete,
        name="holiday-delete",
    ),
    path(
        "office/m/<slug:slug>/voice/settings/categories/",
        office_settings_views.category_add,
        name="category-add",
    ),
    path(
        "office/m/<slug:slug>/voice/settings/categories/<int:pk>/",
        office_settings_views.category_edit,
        name="category-edit",
    ),
    path("office/n/<slug:slug>/voice/", office_views.network_report, name="network-report"),
    path(
        "office/n/<slug:slug>/voice/report.pdf",
        office_views.network_report_pdf,
        name="network-report-pdf",
    ),
    path("office/voice/<int:pk>/", office_views.message_detail, name="message"),
    path("office/voice/photos/<int:pk>/", office_views.photo_file, name="photo-file"),
    path("office/voice/<int:pk>/contact/", office_views.message_contact, name="contact-details"),
    path("office/voice/<int:pk>/route/", office_views.message_route, name="route"),
    path("office/voice/<int:pk>/note/", office_views.message_note, name="note"),
    path("office/voice/<int:pk>/reply/", office_views.message_reply, name="reply"),
    path("office/voice/<int:pk>/status/", office_views.message_status, name="status"),
    path("office/voice/<int:pk>/merge/", office_views.message_merge, name="merge"),
    path("office/voice/<int:pk>/deadline/", office_views.message_deadline, name="deadline"),
    path("office/voice/<int:pk>/pin/", office_views.message_pin, name="pin"),
    path("open311/v2/", include("ravabet.voice.open311.urls")),
]
