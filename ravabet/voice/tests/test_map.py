"""The map: the tile server is a setting, only its origin may load images, the form keeps
its plain fields, and the office's page shows the point."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings

from ravabet.core.tests.test_settings import _manage


def test_the_form_carries_the_map_and_the_policy_allows_only_the_tile_server(citizen, rudsar):
    response = citizen.get("/m/rudsar/contact/")
    html = response.content.decode()
    assert "data-map-pick" in html and f'data-tiles="{settings.MAP_TILES}"' in html
    assert "vendor/leaflet/leaflet.js" in html and "voice/map.js" in html
    # The plain fields stay: the form works without the script.
    assert 'name="latitude"' in html and 'name="longitude"' in html
    policy = response["Content-Security-Policy"]
    img = next(d for d in policy.split(";") if d.strip().startswith("img-src")).split()
    assert img == ["img-src", "'self'", "data:", "https://tile.openstreetmap.org"]
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy


def test_the_office_page_shows_the_point_on_a_map(client_for, rudsar, rudsar_head, make_message):
    message = make_message(
        rudsar, latitude=Decimal("37.198300"), longitude=Decimal("50.003400"), share_location=True
    )
    html = client_for(rudsar_head).get(message.get_office_url()).content.decode()
    assert "data-map-show" in html
    assert 'data-point-lat="37.198300"' in html and 'data-point-lng="50.003400"' in html
    plain = make_message(rudsar)
    assert (
        "data-map-show" not in client_for(rudsar_head).get(plain.get_office_url()).content.decode()
    )


def test_bad_map_settings_stop_the_start_plainly():
    for env in (
        {"RAVABET_MAP_TILES": "tile.example.org/{z}/{x}/{y}.png"},
        {"RAVABET_MAP_TILES": "https://tiles.example.org/{z}/{x}.png"},
        {"RAVABET_MAP_TILES": "https://{z}.example.org/{z}/{x}/{y}.png"},
        {"RAVABET_MAP_CENTER": "51.5,0,9"},
    ):
        result = _manage("check", RAVABET_DEBUG="1", **env)
        assert result.returncode != 0
        assert next(iter(env)) in result.stderr and "Traceback" not in result.stderr


def test_a_subdomain_template_allows_that_servers_hosts_only():
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.CONTENT_SECURITY_POLICY)",
        RAVABET_DEBUG="1",
        RAVABET_MAP_TILES="https://{s}.tile.example.org/{z}/{x}/{y}.png",
    )
    assert "img-src 'self' data: https://*.tile.example.org;" in result.stdout, result.stderr
