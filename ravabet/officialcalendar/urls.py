from django.urls import path

from . import office_views, public_views

app_name = "officialcalendar"
urlpatterns = [
    path(
        "office/calendar/n/<slug:slug>/corrections/", office_views.corrections, name="corrections"
    ),
    path(
        "office/calendar/n/<slug:slug>/corrections/lunar/",
        office_views.lunar_month_add,
        name="lunar-add",
    ),
    path(
        "office/calendar/n/<slug:slug>/corrections/closure/",
        office_views.closure_add,
        name="closure-add",
    ),
]

urlpatterns += [
    path("calendar/", public_views.today, name="today"),
    path("calendar/occasions.ics", public_views.feed, name="feed"),
    path("calendar/n/<slug:slug>/occasions.ics", public_views.feed, name="network-feed"),
    path("calendar/<int:year>/", public_views.year, name="year"),
    path("calendar/<int:year>/<int:month>/", public_views.month, name="month"),
    path("calendar/<int:year>/<int:month>/list/", public_views.month_list, name="list"),
    path("office/m/<slug:slug>/calendar/", office_views.office_today, name="office-today"),
    path("office/m/<slug:slug>/calendar/<int:year>/", office_views.office_year, name="office-year"),
    path(
        "office/m/<slug:slug>/calendar/<int:year>/<int:month>/",
        office_views.office_month,
        name="office-month",
    ),
    path(
        "office/m/<slug:slug>/calendar/<int:year>/<int:month>/list/",
        office_views.office_list,
        name="office-list",
    ),
]
