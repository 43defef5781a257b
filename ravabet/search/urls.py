from django.urls import path

from . import views

app_name = "search"
urlpatterns = [
    path("search/", views.public_search, name="public"),
    path("office/search/", views.staff_search, name="staff"),
]
