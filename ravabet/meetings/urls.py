from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("office/meetings/n/<slug:slug>/", views.network_meetings, name="network"),
    path("office/meetings/n/<slug:slug>/new/", views.network_meeting_new, name="network-new"),
    path("office/meetings/n/<slug:slug>/board/", views.network_board, name="board"),
    path("office/meetings/n/<slug:slug>/board.xlsx", views.network_board_xlsx, name="board-xlsx"),
    path("office/meetings/m/<slug:slug>/", views.municipality_meetings, name="municipality"),
    path(
        "office/meetings/m/<slug:slug>/new/",
        views.municipality_meeting_new,
        name="municipality-new",
    ),
    path("office/meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("office/meetings/<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("office/meetings/<int:pk>/cancel/", views.meeting_cancel, name="cancel"),
    path("office/meetings/<int:pk>/agenda/", views.agenda_add, name="agenda-add"),
    path("office/meetings/<int:pk>/invite-members/", views.invite_members, name="invite-members"),
    path("office/meetings/<int:pk>/guests/", views.add_guest, name="add-guest"),
    path("office/meetings/<int:pk>/send/", views.send_invitations, name="send"),
    path("office/meetings/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("office/meetings/<int:pk>/attachments/", views.attachment_add, name="attach"),
    path("office/meetings/attachments/<int:pk>/", views.attachment_file, name="attachment-file"),
    path("office/meetings/<int:pk>/held/", views.meeting_held, name="held"),
    path("office/meetings/<int:pk>/comments/", views.comment_add, name="comment"),
    path("office/meetings/<int:pk>/approve/", views.meeting_approve, name="approve"),
    path("office/meetings/<int:pk>/resolutions/", views.resolution_add, name="resolution-add"),
    path("office/meetings/<int:pk>/minutes.pdf", views.minutes_pdf, name="pdf"),
    path("office/meetings/<int:pk>/news/", views.news_draft, name="news"),
    path("office/meetings/<int:pk>/news.txt", views.news_draft_txt, name="news-txt"),
    path("office/meetings/items/<int:pk>/decide/", views.agenda_decide, name="agenda-decide"),
    path("office/meetings/items/<int:pk>/minutes/", views.minutes_edit, name="minutes"),
    path("office/meetings/items/<int:pk>/statements/", views.statement_add, name="statement-add"),
    path("office/resolutions/<int:pk>/", views.resolution_detail, name="resolution"),
    path("office/resolutions/<int:pk>/status/", views.resolution_close, name="resolution-close"),
    path(
        "office/resolutions/updates/<int:pk>/attachment/",
        views.progress_file,
        name="progress-file",
    ),
    path("meetings/rsvp/<str:token>/", views.rsvp, name="rsvp"),
]
