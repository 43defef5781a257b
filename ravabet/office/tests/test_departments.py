from ravabet.network.models import Department
from ravabet.search.models import SearchEntry


def test_staff_list_their_departments(client_for, rudsar_reporter, rudsar_services):
    page = client_for(rudsar_reporter).get("/office/m/rudsar/departments/").content.decode()
    assert "خدمات شهری" in page


def test_listing_another_municipalitys_departments_is_not_found(
    client_for, rudsar_reporter, lahijan_green
):
    assert client_for(rudsar_reporter).get("/office/m/lahijan/departments/").status_code == 404


def test_pr_staff_add_a_department_and_it_is_findable(client_for, rudsar_reporter, rudsar):
    response = client_for(rudsar_reporter).post(
        "/office/m/rudsar/departments/",
        {"name": "فضاي سبز", "name_en": "Green space", "is_active": "on"},
    )
    assert response.status_code == 302
    department = Department.objects.get(municipality=rudsar)
    assert department.name == "فضاي سبز"
    assert SearchEntry.objects.filter(object_id=department.pk, kind="network.department").exists()


def test_adding_through_htmx_returns_only_the_section(client_for, rudsar_reporter, rudsar):
    response = client_for(rudsar_reporter).post(
        "/office/m/rudsar/departments/",
        {"name": "شهرسازی", "is_active": "on"},
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<div id="department-section"')
    assert "<html" not in page
    assert "شهرسازی" in page


def test_a_duplicate_name_gets_a_clear_error_and_nothing_is_saved(
    client_for, rudsar_reporter, rudsar_services
):
    response = client_for(rudsar_reporter).post(
        "/office/m/rudsar/departments/", {"name": "خدمات شهری"}
    )
    assert response.status_code == 200
    assert "وجود دارد" in response.content.decode()
    assert Department.objects.filter(municipality=rudsar_services.municipality).count() == 1


def test_a_manager_may_not_add_departments(client_for, lahijan_manager, lahijan):
    response = client_for(lahijan_manager).post(
        "/office/m/lahijan/departments/", {"name": "بازرسی"}
    )
    assert response.status_code == 403
    assert not Department.objects.filter(name="بازرسی").exists()


def test_another_municipality_may_not_add_departments(client_for, rudsar_head, lahijan):
    response = client_for(rudsar_head).post("/office/m/lahijan/departments/", {"name": "بازرسی"})
    assert response.status_code == 404
    assert not Department.objects.filter(name="بازرسی").exists()


def test_edit_a_department(client_for, rudsar_head, rudsar_services):
    client = client_for(rudsar_head)
    assert client.get(f"/office/departments/{rudsar_services.pk}/").status_code == 200
    response = client.post(
        f"/office/departments/{rudsar_services.pk}/", {"name": "خدمات شهری و پسماند"}
    )
    assert response.status_code == 302
    rudsar_services.refresh_from_db()
    assert rudsar_services.name == "خدمات شهری و پسماند"
    assert not rudsar_services.is_active
    # Inactive departments leave the search index.
    assert not SearchEntry.objects.filter(
        kind="network.department", object_id=rudsar_services.pk
    ).exists()


def test_editing_another_municipalitys_department_is_not_found(
    client_for, rudsar_head, lahijan_green
):
    client = client_for(rudsar_head)
    assert client.get(f"/office/departments/{lahijan_green.pk}/").status_code == 404
    assert client.post(f"/office/departments/{lahijan_green.pk}/", {"name": "x"}).status_code == 404
    lahijan_green.refresh_from_db()
    assert lahijan_green.name == "فضای سبز"


def test_a_manager_reads_a_department_but_may_not_change_it(
    client_for, lahijan_manager, lahijan_green
):
    client = client_for(lahijan_manager)
    assert client.get(f"/office/departments/{lahijan_green.pk}/").status_code == 200
    assert client.post(f"/office/departments/{lahijan_green.pk}/", {"name": "x"}).status_code == 403


def test_an_unknown_department_is_not_found(client_for, rudsar_head):
    assert client_for(rudsar_head).get("/office/departments/999999/").status_code == 404


def test_department_list_query_count_does_not_grow(
    client_for, rudsar_head, rudsar, django_assert_max_num_queries
):
    client = client_for(rudsar_head)
    client.get("/office/m/rudsar/departments/")
    with django_assert_max_num_queries(12) as few:
        client.get("/office/m/rudsar/departments/")
    Department.objects.bulk_create(
        Department(municipality=rudsar, name=f"واحد {i}") for i in range(10)
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/office/m/rudsar/departments/")
