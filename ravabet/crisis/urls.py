from django.urls import path

from . import office_views, public_views

app_name = "crisis"
urlpatterns = [
    # The office
    path("office/m/<slug:slug>/crisis/", office_views.municipality_room, name="room"),
    path("office/n/<slug:slug>/crisis/", office_views.network_room, name="network_room"),
    path("office/m/<slug:slug>/crisis/contacts/", office_views.contacts, name="contacts"),
    path("office/crisis/contacts/<int:pk>/", office_views.contact_edit, name="contact_edit"),
    path(
        "office/crisis/contacts/<int:pk>/verified/",
        office_views.contact_verified,
        name="contact_verified",
    ),
    path("office/crisis/<int:pk>/", office_views.incident_detail, name="incident"),
    path("office/crisis/<int:pk>/timeline/", office_views.entry_add, name="entry_add"),
    path("office/crisis/<int:pk>/facts/", office_views.fact_add, name="fact_add"),
    path("office/crisis/<int:pk>/statements/", office_views.statement_draft, name="draft"),
    path("office/crisis/<int:pk>/rumours/", office_views.rumour_add, name="rumour_add"),
    path("office/crisis/<int:pk>/shifts/", office_views.shift_add, name="shift_add"),
    path("office/crisis/<int:pk>/team/", office_views.team_add, name="team_add"),
    path("office/crisis/<int:pk>/close/", office_views.incident_close, name="close"),
    path("office/crisis/<int:pk>/review/", office_views.incident_review, name="review"),
    path("office/crisis/<int:pk>/review.pdf", office_views.incident_review_pdf, name="review_pdf"),
    path("office/crisis/entries/<int:pk>/correct/", office_views.entry_correct, name="correct"),
    path("office/crisis/facts/<int:pk>/verify/", office_views.fact_verify, name="fact_verify"),
    path("office/crisis/facts/<int:pk>/retract/", office_views.fact_retract, name="fact_retract"),
    path("office/crisis/rumours/<int:pk>/", office_views.rumour_update, name="rumour_update"),
    path("office/crisis/statements/<int:pk>/", office_views.statement_detail, name="statement"),
    path(
        "office/crisis/statements/<int:pk>/<slug:step>/",
        office_views.statement_step,
        name="statement_step",
    ),
    path(
        "office/crisis/publications/<int:pk>/retry/",
        office_views.publication_retry,
        name="retry",
    ),
    # Everyone
    path("m/<slug:slug>/crisis/", public_views.crisis_page, name="public"),
]
