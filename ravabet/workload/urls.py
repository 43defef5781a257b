from django.urls import path

from . import views

app_name = "workload"
urlpatterns = [
    path("office/m/<slug:slug>/workload/", views.office, name="office"),
    path("office/m/<slug:slug>/workload/open/", views.open_month, name="open"),
    path("office/m/<slug:slug>/workload/report/", views.office_report, name="report"),
    path("office/m/<slug:slug>/workload/packs/new/", views.pack_new, name="pack_new"),
    path("office/m/<slug:slug>/workload/survey/", views.survey_form, name="survey"),
    path("office/workload/months/<int:pk>/", views.month, name="month"),
    path("office/workload/months/<int:pk>/draft/", views.draft, name="draft"),
    path("office/workload/months/<int:pk>/confirm/", views.confirm, name="confirm"),
    path("office/workload/months/<int:pk>/entries/new/", views.entry_new, name="entry_new"),
    path("office/workload/entries/<int:pk>/", views.entry_edit, name="entry"),
    path("office/workload/entries/<int:pk>/dismiss/", views.entry_dismiss, name="entry_dismiss"),
    path("office/workload/packs/<int:pk>/", views.pack, name="pack"),
    path("office/workload/packs/<int:pk>/confirm/", views.pack_confirm, name="pack_confirm"),
    path("office/workload/packs/<int:pk>/pack.pdf", views.pack_pdf, name="pack_pdf"),
    path("office/n/<slug:slug>/workload/", views.network, name="network"),
    path("office/n/<slug:slug>/workload/aggregate.pdf", views.network_pdf, name="network_pdf"),
]
