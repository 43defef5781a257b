from django.urls import path

from . import views

app_name = "officialcalendar"
urlpatterns = [
    path("office/calendar/n/<slug:slug>/corrections/", views.corrections, name="corrections"),
    path(
        "office/calendar/n/<slug:slug>/corrections/lunar/",
        views.lunar_month_add,
        name="lunar-add",
    ),
    path(
        "office/calendar/n/<slug:slug>/corrections/closure/",
        views.closure_add,
        name="closure-add",
    ),
]
