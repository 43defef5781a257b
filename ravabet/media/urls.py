from django.urls import path

from . import views

app_name = "media"
urlpatterns = [
    path("office/m/<slug:slug>/media/", views.journalists, name="journalists"),
    path("office/m/<slug:slug>/media/new/", views.journalist_new, name="journalist-new"),
    path("office/m/<slug:slug>/media/outlets/new/", views.outlet_new, name="outlet-new"),
    path("office/m/<slug:slug>/media/import/", views.journalists_import, name="import"),
    path("office/m/<slug:slug>/media/export.<str:fmt>", views.journalists_export, name="export"),
    path("office/media/journalists/<int:pk>/", views.journalist_edit, name="journalist-edit"),
    path("office/media/outlets/<int:pk>/", views.outlet_edit, name="outlet-edit"),
    path("office/news/<int:pk>/distribute/", views.distribute, name="distribute"),
    path("office/media/distributions/<int:pk>/", views.distribution_detail, name="distribution"),
    path(
        "office/media/distributions/<int:pk>/retry/",
        views.distribution_retry,
        name="distribution-retry",
    ),
    path(
        "office/media/deliveries/<int:pk>/send-again/",
        views.delivery_send_again,
        name="delivery-send-again",
    ),
    path("press/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
