from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from ravabet.core import views as core_views
from ravabet.core.login import ThrottledAdminAuthenticationForm, ThrottledAuthenticationForm
from ravabet.core.password_reset import ThrottledPasswordResetView

admin.site.site_header = admin.site.site_title = "Ravabet"
admin.site.login_form = ThrottledAdminAuthenticationForm

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=ThrottledAuthenticationForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("password/reset/", ThrottledPasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # Django's own language switch, without the CSRF check: a forged switch only changes
    # the language a visitor reads in (their next click switches back), and with no token
    # to carry, a public page is the same bytes for every visitor, which the public cache
    # serves without a per-visitor secret and cookie (core/publiccache.py). The view still
    # takes only POST, a known language and a same-site `next`.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    # Django tries the patterns in order, and every app's list is mounted at the root: the
    # apps with the public pages come first (a cached public page's visit is mostly this
    # walk). No two apps' patterns overlap, so the order decides nothing else.
    path("", include("ravabet.network.urls")),
    path("", include("ravabet.newsroom.urls")),
    path("", include("ravabet.events.urls")),
    path("", include("ravabet.search.urls")),
    path("", include("ravabet.voice.urls")),
    path("", include("ravabet.media.urls")),
    path("", include("ravabet.officialcalendar.urls")),
    path("", include("ravabet.crisis.urls")),
    path("office/", include("ravabet.office.urls")),
    path("", include("ravabet.meetings.urls")),
    path("", include("ravabet.experience.urls")),
    path("", include("ravabet.notifications.urls")),
    path("", include("ravabet.diagnosis.urls")),
    path("", include("ravabet.workload.urls")),
    path("", include("ravabet.monitoring.urls")),
    path("admin/", admin.site.urls),
]
# No folder of uploads is served, not even under `make run`: each file has a view that
# asks its record's access helper first (ravabet/core/files.py).

handler400 = "ravabet.core.views.bad_request"
handler403 = "ravabet.core.views.permission_denied"
handler404 = "ravabet.core.views.page_not_found"
handler500 = "ravabet.core.views.server_error"
