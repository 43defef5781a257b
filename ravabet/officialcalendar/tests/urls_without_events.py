"""The project's URLs without the events app: "plan for it" has nowhere to go."""

from ravabet.urls import urlpatterns as project

urlpatterns = [p for p in project if getattr(p, "namespace", None) != "events"]
