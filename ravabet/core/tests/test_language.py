def test_switching_to_english_and_back(citizen, east_gilan):
    response = citizen.post("/i18n/setlang/", {"language": "en", "next": "/n/east-gilan/"})
    assert response["Location"] == "/n/east-gilan/"
    page = citizen.get("/n/east-gilan/").content.decode()
    assert '<html lang="en" dir="ltr">' in page
    assert "Member municipalities" in page
    citizen.post("/i18n/setlang/", {"language": "fa", "next": "/"})
    page = citizen.get("/n/east-gilan/").content.decode()
    assert '<html lang="fa" dir="rtl">' in page
    assert "شهرداری‌های عضو" in page


def test_an_unknown_language_keeps_persian(citizen, db):
    citizen.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert 'lang="fa"' in citizen.get("/").content.decode()


def test_an_english_browser_still_gets_persian_until_the_person_chooses(citizen, db):
    page = citizen.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="fa" dir="rtl">' in page
