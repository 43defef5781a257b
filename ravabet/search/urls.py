from django.urls import path

from . import office_views, public_views

app_name = "search"
urlpatterns = [
    path("search/", public_views.public_search, name="public"),
    path("office/search/", office_views.staff_search, name="staff"),
]
