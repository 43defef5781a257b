from ravabet.office.panels import PANELS


def test_the_office_needs_a_login(citizen, rudsar):
    response = citizen.get("/office/m/rudsar/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_one_place_redirects_straight_to_it(client_for, rudsar_reporter):
    response = client_for(rudsar_reporter).get("/office/")
    assert response["Location"] == "/office/m/rudsar/"


def test_several_places_are_offered_to_choose(client_for, lahijan_head):
    page = client_for(lahijan_head).get("/office/").content.decode()
    assert "/office/m/lahijan/" in page
    assert "/office/n/east-gilan/" in page


def test_no_role_yet_says_whom_to_ask(client_for, db):
    from ravabet.conftest import make_user

    page = client_for(make_user("newcomer")).get("/office/").content.decode()
    assert "هنوز در هیچ شهرداری یا شبکه‌ای نقشی ندارید" in page


def test_dashboard_shows_every_panel_slot_and_the_team(client_for, rudsar_reporter, rudsar_head):
    response = client_for(rudsar_reporter).get("/office/m/rudsar/")
    assert response.status_code == 200
    page = response.content.decode()
    for panel in PANELS:
        assert f'data-panel="{panel.key}"' in page
    assert "نگار صفری" in page and "علی نوروزی" in page
    assert "lorem" not in page.lower()


def test_dashboard_of_another_municipality_is_not_found(client_for, rudsar_reporter, lahijan):
    assert client_for(rudsar_reporter).get("/office/m/lahijan/").status_code == 404


def test_dashboard_of_an_unknown_municipality_is_not_found(client_for, rudsar_reporter):
    assert client_for(rudsar_reporter).get("/office/m/nowhere/").status_code == 404


def test_dashboard_dates_are_jalali_in_persian_digits(client_for, rudsar_reporter):
    page = client_for(rudsar_reporter).get("/office/m/rudsar/").content.decode()
    today = page.split('data-testid="today">', 1)[1].split("</span>", 1)[0]
    assert any(d in today for d in "۰۱۲۳۴۵۶۷۸۹")
    assert not any(d in today for d in "0123456789")
    assert any(
        month in today
        for month in (
            "آذر",
            "دی",
            "بهمن",
            "اسفند",
            "فروردین",
            "اردیبهشت",
            "خرداد",
            "تیر",
            "مرداد",
            "شهریور",
            "مهر",
            "آبان",
        )
    )


def test_network_dashboard_for_secretariat_and_observer(
    client_for, lahijan_head, observer, rudsar_head
):
    for user in (lahijan_head, observer):
        response = client_for(user).get("/office/n/east-gilan/")
        assert response.status_code == 200
        assert "علی نوروزی" in response.content.decode()  # Rudsar's PR head in the members table


def test_network_dashboard_is_not_found_for_outsiders(client_for, east_gilan, db):
    from ravabet.conftest import make_municipality, make_user
    from ravabet.network.models import Membership, Role

    outsider = make_user("rasht-head")
    Membership.objects.create(
        user=outsider,
        role=Role.PR_HEAD,
        municipality=make_municipality("rasht", "رشت", "Rasht", "رشت"),
    )
    assert client_for(outsider).get("/office/n/east-gilan/").status_code == 404


def test_network_dashboard_query_count_does_not_grow_with_members(
    client_for, lahijan_head, east_gilan, django_assert_max_num_queries
):
    from ravabet.conftest import make_municipality
    from ravabet.diagnosis.actions import refresh_kept_figures

    client = client_for(lahijan_head)
    refresh_kept_figures()  # the tick, which keeps the members' figures
    client.get("/office/n/east-gilan/")
    # 25: one is the header's bell (the unread count), one the crisis bar (open incidents);
    # the events part reads the next events, its tasks' reach and the tasks (3); the coming
    # occasions, the network's corrections (1); the crisis part its open incidents (1); the
    # diagnosis part, the open round, the reports, the members, the open problems and this
    # quarter's figures as kept (4 + 1); the monitoring part, today's mentions and open reply
    # tasks, and the workload part, the months to confirm (1).
    with django_assert_max_num_queries(25) as few:
        client.get("/office/n/east-gilan/")
    asked = len(few.captured_queries)  # read now: the next request starts a new query log
    for i in range(8):
        east_gilan.members.add(make_municipality(f"town-{i}", f"شهر {i}", f"Town {i}", "x"))
    refresh_kept_figures()  # the tick's next round keeps the newcomers' figures too
    with django_assert_max_num_queries(asked):
        client.get("/office/n/east-gilan/")
