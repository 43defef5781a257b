from django.urls import path

from . import views

app_name = "diagnosis"
urlpatterns = [
    path("office/n/<slug:slug>/diagnosis/", views.overview, name="overview"),
    path(
        "office/n/<slug:slug>/diagnosis/questionnaire/", views.questionnaire, name="questionnaire"
    ),
    path(
        "office/n/<slug:slug>/diagnosis/questionnaire/<int:pk>/remove/",
        views.question_remove,
        name="question_remove",
    ),
    path(
        "office/n/<slug:slug>/diagnosis/questionnaire/<int:pk>/edit/",
        views.question_edit,
        name="question_edit",
    ),
    path(
        "office/n/<slug:slug>/diagnosis/questionnaire/<int:pk>/move/",
        views.question_move,
        name="question_move",
    ),
    path("office/n/<slug:slug>/diagnosis/rounds/new/", views.round_open, name="round_open"),
    path("office/n/<slug:slug>/diagnosis/problems/", views.register, name="register"),
    path("office/n/<slug:slug>/diagnosis/issue/", views.issue, name="issue"),
    path("office/diagnosis/rounds/<int:pk>/", views.round_detail, name="round"),
    path("office/diagnosis/rounds/<int:pk>/answer/", views.answer, name="answer"),
    path("office/diagnosis/rounds/<int:pk>/close/", views.round_close, name="round_close"),
    path(
        "office/diagnosis/rounds/<int:pk>/m/<slug:slug>/",
        views.member_answers,
        name="member_answers",
    ),
    path("office/diagnosis/problems/<int:pk>/", views.problem_detail, name="problem"),
    path("office/diagnosis/problems/<int:pk>/join/", views.problem_join, name="problem_join"),
    path("office/diagnosis/problems/<int:pk>/agenda/", views.problem_agenda, name="problem_agenda"),
    path("office/diagnosis/reports/<int:pk>/", views.report_detail, name="report"),
    path("office/diagnosis/reports/<int:pk>/pdf/", views.report_pdf_view, name="report_pdf"),
    path("office/diagnosis/reports/<int:pk>/xlsx/", views.report_xlsx_view, name="report_xlsx"),
    path(
        "office/diagnosis/reports/<int:pk>/m/<slug:slug>/",
        views.member_report,
        name="member_report",
    ),
]
