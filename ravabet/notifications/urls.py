from django.urls import path

from . import office_views, public_views

app_name = "notifications"
urlpatterns = [
    path("office/notifications/", office_views.notification_list, name="list"),
    path("office/notifications/read-all/", office_views.mark_all_read, name="read-all"),
    path("office/notifications/settings/", office_views.preferences, name="preferences"),
    path("office/notifications/<int:pk>/", office_views.notification_open, name="open"),
    path("office/notifications/<int:pk>/read/", office_views.notification_read, name="read"),
    path("notifications/unsubscribe/<str:token>/", public_views.unsubscribe, name="unsubscribe"),
]
