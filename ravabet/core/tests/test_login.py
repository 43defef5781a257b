import pytest
from django.core.cache import cache

from ravabet.conftest import PASSWORD


@pytest.fixture(autouse=True)
def _fresh_counters(db):
    cache.clear()
    yield
    cache.clear()


def test_login_takes_staff_to_their_office(citizen, rudsar_reporter):
    response = citizen.post("/login/", {"username": "rudsar-reporter", "password": PASSWORD})
    assert response.status_code == 302
    assert (
        citizen.get(response["Location"], follow=True).request["PATH_INFO"] == "/office/m/rudsar/"
    )


def test_a_wrong_password_gets_a_clear_persian_message(citizen, rudsar_reporter):
    response = citizen.post("/login/", {"username": "rudsar-reporter", "password": "nope"})
    assert response.status_code == 200
    assert "نام کاربری یا گذرواژه درست نیست" in response.content.decode()
    assert "_auth_user_id" not in citizen.session


def test_an_account_is_paused_after_repeated_failures(citizen, rudsar_reporter, settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 3
    for _ in range(3):
        citizen.post("/login/", {"username": "rudsar-reporter", "password": "wrong"})
    # Even the right password is held back while the account is paused.
    response = citizen.post("/login/", {"username": "rudsar-reporter", "password": PASSWORD})
    page = response.content.decode()
    assert response.status_code == 200
    assert "تلاش‌های ناموفق" in page
    assert "۱۵" in page  # minutes, in Persian digits
    assert "_auth_user_id" not in citizen.session


def test_the_account_counter_ignores_case_and_spaces(citizen, rudsar_reporter, settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 2
    citizen.post("/login/", {"username": "Rudsar-Reporter", "password": "wrong"})
    citizen.post("/login/", {"username": " rudsar-reporter", "password": "wrong"})
    response = citizen.post("/login/", {"username": "rudsar-reporter", "password": PASSWORD})
    assert "_auth_user_id" not in citizen.session
    assert "تلاش‌های ناموفق" in response.content.decode()


def test_an_address_is_paused_after_failures_across_accounts(citizen, rudsar_reporter, settings):
    settings.LOGIN_FAILURES_PER_IP = 4
    for i in range(4):
        citizen.post("/login/", {"username": f"guess-{i}", "password": "wrong"})
    response = citizen.post("/login/", {"username": "rudsar-reporter", "password": PASSWORD})
    assert "_auth_user_id" not in citizen.session
    assert "تلاش‌های ناموفق" in response.content.decode()
    # Another address is not affected.
    other = citizen.__class__(REMOTE_ADDR="10.0.0.9")
    assert (
        other.post("/login/", {"username": "rudsar-reporter", "password": PASSWORD}).status_code
        == 302
    )


def test_a_success_clears_the_account_counter(citizen, rudsar_reporter, settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 3
    citizen.post("/login/", {"username": "rudsar-reporter", "password": "wrong"})
    citizen.post("/login/", {"username": "rudsar-reporter", "password": "wrong"})
    assert (
        citizen.post("/login/", {"username": "rudsar-reporter", "password": PASSWORD}).status_code
        == 302
    )
    citizen.post("/logout/")
    citizen.post("/login/", {"username": "rudsar-reporter", "password": "wrong"})
    assert (
        citizen.post("/login/", {"username": "rudsar-reporter", "password": PASSWORD}).status_code
        == 302
    )


def test_the_admin_login_is_throttled_too(citizen, settings, db):
    from ravabet.conftest import make_user

    admin = make_user("site-admin")
    admin.is_staff = admin.is_superuser = True
    admin.save(update_fields=["is_staff", "is_superuser"])
    settings.LOGIN_FAILURES_PER_ACCOUNT = 2
    for _ in range(2):
        citizen.post("/admin/login/", {"username": "site-admin", "password": "wrong"})
    response = citizen.post("/admin/login/", {"username": "site-admin", "password": PASSWORD})
    assert "_auth_user_id" not in citizen.session
    assert "تلاش‌های ناموفق" in response.content.decode()


def test_logout_and_password_change(client_for, rudsar_reporter):
    client = client_for(rudsar_reporter)
    assert client.get("/password/").status_code == 200
    response = client.post(
        "/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "گذرواژه-تازه-۱۴۰۵",
            "new_password2": "گذرواژه-تازه-۱۴۰۵",
        },
    )
    assert response["Location"] == "/password/done/"
    rudsar_reporter.refresh_from_db()
    assert rudsar_reporter.check_password("گذرواژه-تازه-۱۴۰۵")
    client.post("/logout/")
    assert client.get("/office/")["Location"].startswith("/login/")


def test_a_weak_new_password_is_refused_with_a_reason(client_for, rudsar_reporter):
    response = client_for(rudsar_reporter).post(
        "/password/",
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    rudsar_reporter.refresh_from_db()
    assert rudsar_reporter.check_password(PASSWORD)
