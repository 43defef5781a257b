from __future__ import annotations

from django.db import transaction

from ravabet.search.actions import index_object
from ravabet.voice.actions import setup_municipality as setup_voice

from .models import Department, Municipality


@transaction.atomic
def save_department(department: Department) -> Department:
    """Create or change a department and keep it findable (or unfindable once inactive)."""
    department.save()
    index_object(department)
    return department


@transaction.atomic
def save_municipality(municipality: Municipality) -> Municipality:
    """Create or change a municipality: the one way one is made (admin, demo, tests).

    Each app that keeps rows per municipality sets them up here, once, so that no page
    has to create them on a read; each set-up is safe to run again on a change.
    """
    municipality.save()
    setup_voice(municipality)
    index_object(municipality)
    for department in municipality.departments.all():
        # Department entries carry the municipality's name in their titles.
        index_object(department)
    return municipality
