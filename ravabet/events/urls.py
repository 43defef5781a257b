from django.urls import path

from . import office_views, public_views

app_name = "events"
urlpatterns = [
    # The office
    path("office/m/<slug:slug>/events/", office_views.municipality_events, name="list"),
    path("office/m/<slug:slug>/events/new/", office_views.event_new, name="event_new"),
    path("office/m/<slug:slug>/events/checklists/", office_views.checklists, name="checklists"),
    path("office/n/<slug:slug>/events/", office_views.network_events, name="network_list"),
    path(
        "office/n/<slug:slug>/events/new/",
        office_views.network_event_new,
        name="network_event_new",
    ),
    path(
        "office/n/<slug:slug>/events/checklists/",
        office_views.network_checklists,
        name="network_checklists",
    ),
    path("office/events/<int:pk>/", office_views.event_detail, name="event"),
    path("office/events/<int:pk>/edit/", office_views.event_edit, name="edit"),
    path("office/events/<int:pk>/status/", office_views.event_status, name="status"),
    path("office/events/<int:pk>/tasks/", office_views.task_add, name="task_add"),
    path("office/events/<int:pk>/coverage/", office_views.coverage_add, name="coverage_add"),
    path("office/events/<int:pk>/news/", office_views.news_link, name="news_link"),
    path("office/events/<int:pk>/invite/", office_views.invite, name="invite"),
    path("office/events/<int:pk>/report/", office_views.report, name="report"),
    path("office/events/<int:pk>/photos/", office_views.photo_add, name="photo_add"),
    path("events/photos/<int:pk>/", public_views.photo_file, name="photo"),
    path("office/events/tasks/<int:pk>/done/", office_views.task_done, name="task_done"),
    path("office/events/tasks/<int:pk>/", office_views.task_edit, name="task_edit"),
    # Everyone
    path("m/<slug:slug>/events/", public_views.public_municipality_events, name="public"),
    path("m/<slug:slug>/events.ics", public_views.municipality_ics, name="ics"),
    path("n/<slug:slug>/events/", public_views.public_network_events, name="network_public"),
    path("n/<slug:slug>/events.ics", public_views.network_ics, name="network_ics"),
    path("events/feed/<str:token>.ics", public_views.staff_feed, name="staff_feed"),
    path("events/rsvp/<str:token>/", public_views.rsvp, name="rsvp"),
]
