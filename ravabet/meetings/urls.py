from django.urls import path

from . import office_views, public_views

app_name = "meetings"
urlpatterns = [
    path("office/meetings/n/<slug:slug>/", office_views.network_meetings, name="network"),
    path(
        "office/meetings/n/<slug:slug>/new/", office_views.network_meeting_new, name="network-new"
    ),
    path("office/meetings/n/<slug:slug>/board/", office_views.network_board, name="board"),
    path(
        "office/meetings/n/<slug:slug>/board.xlsx",
        office_views.network_board_xlsx,
        name="board-xlsx",
    ),
    path("office/meetings/m/<slug:slug>/", office_views.municipality_meetings, name="municipality"),
    path(
        "office/meetings/m/<slug:slug>/new/",
        office_views.municipality_meeting_new,
        name="municipality-new",
    ),
    path("office/meetings/<int:pk>/", office_views.meeting_detail, name="meeting"),
    path("office/meetings/<int:pk>/edit/", office_views.meeting_edit, name="edit"),
    path("office/meetings/<int:pk>/cancel/", office_views.meeting_cancel, name="cancel"),
    path("office/meetings/<int:pk>/agenda/", office_views.agenda_add, name="agenda-add"),
    path(
        "office/meetings/<int:pk>/invite-members/",
        office_views.invite_members,
        name="invite-members",
    ),
    path("office/meetings/<int:pk>/guests/", office_views.add_guest, name="add-guest"),
    path("office/meetings/<int:pk>/send/", office_views.send_invitations, name="send"),
    path("office/meetings/<int:pk>/attendance/", office_views.attendance, name="attendance"),
    path("office/meetings/<int:pk>/attachments/", office_views.attachment_add, name="attach"),
    path(
        "office/meetings/attachments/<int:pk>/",
        office_views.attachment_file,
        name="attachment-file",
    ),
    path("office/meetings/<int:pk>/held/", office_views.meeting_held, name="held"),
    path("office/meetings/<int:pk>/comments/", office_views.comment_add, name="comment"),
    path("office/meetings/<int:pk>/approve/", office_views.meeting_approve, name="approve"),
    path("office/meetings/<int:pk>/rsvp/", office_views.meeting_rsvp, name="office-rsvp"),
    path("office/meetings/<int:pk>/meeting.ics", office_views.meeting_ics, name="ics"),
    path(
        "office/meetings/comments/<int:pk>/settle/",
        office_views.comment_settle,
        name="comment-settle",
    ),
    path("office/meetings/items/<int:pk>/move/", office_views.agenda_move, name="agenda-move"),
    path(
        "office/meetings/<int:pk>/resolutions/", office_views.resolution_add, name="resolution-add"
    ),
    path("office/meetings/<int:pk>/minutes.pdf", office_views.minutes_pdf, name="pdf"),
    path("office/meetings/<int:pk>/news/", office_views.news_draft, name="news"),
    path("office/meetings/<int:pk>/news.txt", office_views.news_draft_txt, name="news-txt"),
    path(
        "office/meetings/items/<int:pk>/decide/", office_views.agenda_decide, name="agenda-decide"
    ),
    path("office/meetings/items/<int:pk>/minutes/", office_views.minutes_edit, name="minutes"),
    path(
        "office/meetings/items/<int:pk>/statements/",
        office_views.statement_add,
        name="statement-add",
    ),
    path("office/resolutions/<int:pk>/", office_views.resolution_detail, name="resolution"),
    path(
        "office/resolutions/<int:pk>/status/",
        office_views.resolution_close,
        name="resolution-close",
    ),
    path(
        "office/resolutions/<int:pk>/remind/",
        office_views.resolution_remind,
        name="resolution-remind",
    ),
    path(
        "office/resolutions/<int:pk>/deadline/",
        office_views.resolution_extend,
        name="resolution-extend",
    ),
    path(
        "office/resolutions/updates/<int:pk>/attachment/",
        office_views.progress_file,
        name="progress-file",
    ),
    path("meetings/rsvp/<str:token>/", public_views.rsvp, name="rsvp"),
]
