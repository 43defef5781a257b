"""The project's URLs with a stand-in for the events app's "new event" page, whose name and
arguments the events app provides: ``events:event_new`` with the municipality's slug."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from .urls_without_events import urlpatterns as project


def event_new(request: HttpRequest, slug: str) -> HttpResponse:
    return HttpResponse(f"{slug} {request.GET.get('date')} {request.GET.get('occasion')}")


events = ([path("office/m/<slug:slug>/events/new/", event_new, name="event_new")], "events")
urlpatterns = [*project, path("", include(events))]
