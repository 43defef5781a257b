from django.urls import path, re_path

from . import views

urlpatterns = [
    re_path(r"^discovery\.(?P<fmt>json|xml)$", views.discovery, name="open311-discovery"),
    re_path(r"^services\.(?P<fmt>json|xml)$", views.services, name="open311-services"),
    re_path(
        r"^services/(?P<code>[-\w]+)\.(?P<fmt>json|xml)$",
        views.service_definition,
        name="open311-service",
    ),
    re_path(r"^requests\.(?P<fmt>json|xml)$", views.requests, name="open311-requests"),
    re_path(
        r"^requests/(?P<request_id>[^/.]+)\.(?P<fmt>json|xml)$",
        views.request_detail,
        name="open311-request",
    ),
    re_path(r"^openapi\.json$", views.openapi, name="open311-openapi"),
    path("", views.discovery, {"fmt": "json"}, name="open311-root"),
]
