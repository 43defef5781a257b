from __future__ import annotations

from django.db import transaction

from ravabet.search.actions import index_object

from .models import Department, Municipality


@transaction.atomic
def save_department(department: Department) -> Department:
    """Create or change a department and keep it findable (or unfindable once inactive)."""
    department.save()
    index_object(department)
    return department


@transaction.atomic
def save_municipality(municipality: Municipality) -> Municipality:
    municipality.save()
    index_object(municipality)
    for department in municipality.departments.all():
        # Department entries carry the municipality's name in their titles.
        index_object(department)
    return municipality
