from django.urls import path

from . import views

app_name = "experience"
urlpatterns = [
    path("office/experience/n/<slug:slug>/", views.experience_list, name="list"),
    path("office/experience/n/<slug:slug>/new/", views.experience_new, name="new"),
    path("office/experience/<int:pk>/", views.experience_detail, name="detail"),
    path("office/experience/<int:pk>/edit/", views.experience_edit, name="edit"),
    path("office/experience/<int:pk>/useful/", views.experience_useful, name="useful"),
    path("office/experience/<int:pk>/feature/", views.experience_feature, name="feature"),
    path(
        "office/experience/attachments/<int:pk>/",
        views.attachment_file,
        name="attachment-file",
    ),
]
