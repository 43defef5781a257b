from django.urls import path

from . import views

app_name = "network"
urlpatterns = [
    path("n/<slug:slug>/", views.network_page, name="network"),
    path("m/<slug:slug>/", views.municipality_page, name="municipality"),
    path("find/", views.find_municipality, name="find"),
    path("media/logos/<slug:slug>/", views.logo_file, name="logo"),
]
