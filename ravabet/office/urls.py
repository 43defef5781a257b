from django.urls import path

from . import views

app_name = "office"
urlpatterns = [
    path("", views.home, name="home"),
    path("m/<slug:slug>/", views.municipality_dashboard, name="municipality"),
    path("m/<slug:slug>/departments/", views.department_list, name="departments"),
    path("departments/<int:pk>/", views.department_edit, name="department-edit"),
    path("n/<slug:slug>/", views.network_dashboard, name="network"),
]
