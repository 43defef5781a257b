from django.urls import path

from . import office_views, public_views

app_name = "media"
urlpatterns = [
    path("office/m/<slug:slug>/media/", office_views.journalists, name="journalists"),
    path("office/m/<slug:slug>/media/new/", office_views.journalist_new, name="journalist-new"),
    path("office/m/<slug:slug>/media/outlets/new/", office_views.outlet_new, name="outlet-new"),
    path("office/m/<slug:slug>/media/import/", office_views.journalists_import, name="import"),
    path(
        "office/m/<slug:slug>/media/export.<str:fmt>",
        office_views.journalists_export,
        name="export",
    ),
    path(
        "office/media/journalists/<int:pk>/", office_views.journalist_edit, name="journalist-edit"
    ),
    path("office/media/outlets/<int:pk>/", office_views.outlet_edit, name="outlet-edit"),
    path("office/news/<int:pk>/distribute/", office_views.distribute, name="distribute"),
    path(
        "office/media/distributions/<int:pk>/",
        office_views.distribution_detail,
        name="distribution",
    ),
    path(
        "office/media/distributions/<int:pk>/retry/",
        office_views.distribution_retry,
        name="distribution-retry",
    ),
    path(
        "office/media/deliveries/<int:pk>/send-again/",
        office_views.delivery_send_again,
        name="delivery-send-again",
    ),
    path("press/unsubscribe/<str:token>/", public_views.unsubscribe, name="unsubscribe"),
    path("press/confirm/<str:token>/", public_views.signup_confirm, name="signup-confirm"),
    path("m/<slug:slug>/press/", public_views.press_room, name="press-room"),
    path("m/<slug:slug>/press/signup/", public_views.signup, name="signup"),
    path("n/<slug:slug>/press/", public_views.network_press_room, name="network-press-room"),
    path("n/<slug:slug>/press/signup/", public_views.network_signup, name="network-signup"),
]
