"""`__in` on an integer column ignores numbers the column cannot hold.

Django 5 already does this for `exact`, `lt`, `gt` and their kin (IntegerFieldOverflow):
`pk=10**30` matches nothing. `pk__in=[10**30]` was left out, and SQLite's driver cannot bind
such a number (OverflowError, a 500), so `ModelMultipleChoiceField` — which checks a
person's choices with `pk__in` — broke on `journalists=10**30` instead of saying "select a
valid choice". Registered on IntegerField (the auto fields inherit it) by the core app, this
covers every form and every query, whatever the database.
"""

from __future__ import annotations

import copy
from typing import Any

from django.db.models import IntegerField
from django.db.models.lookups import In


class IntegerFieldIn(In):
    def process_rhs(self, compiler: Any, connection: Any) -> Any:
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(
                self.lhs.output_field.get_internal_type()
            )
            kept = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
            if len(kept) != len(self.rhs):
                narrowed = copy.copy(self)
                narrowed.rhs = kept  # none left: In raises EmptyResultSet, an empty answer
                return super(IntegerFieldIn, narrowed).process_rhs(compiler, connection)
        return super().process_rhs(compiler, connection)


def register() -> None:
    IntegerField.register_lookup(IntegerFieldIn)
