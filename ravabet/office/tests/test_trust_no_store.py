"""Office pages that can show a citizen's words are never kept by a browser or a proxy.

Found from outside (issue 9, section 6): the staff search shows private message text and
the dashboard lists citizens' messages, and neither said `no-store`.
"""

from __future__ import annotations

import pytest
from django.urls import resolve


@pytest.mark.parametrize("url", ["/office/m/rudsar/", "/office/search/?q=test"])
def test_office_pages_with_citizens_words_are_not_stored(client_for, rudsar_head, url):  # type: ignore[no-untyped-def]
    response = client_for(rudsar_head).get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert getattr(resolve(url.split("?")[0]).func, "personal_data", False)


def test_the_network_dashboard_is_not_stored(client_for, lahijan_head):  # type: ignore[no-untyped-def]
    response = client_for(lahijan_head).get("/office/n/east-gilan/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
