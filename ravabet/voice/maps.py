"""The map on the citizens' form and on the office's message page (Leaflet, from npm).

The page carries what the script needs as data attributes (the CSP allows no inline
script); the tile server is a setting, and only its origin is allowed to load images.
"""

from __future__ import annotations

from django.conf import settings


def map_settings() -> dict[str, object]:
    latitude, longitude, zoom = settings.MAP_CENTER
    return {
        "tiles": settings.MAP_TILES,
        "attribution": settings.MAP_ATTRIBUTION,
        "latitude": latitude,
        "longitude": longitude,
        "zoom": zoom,
    }
