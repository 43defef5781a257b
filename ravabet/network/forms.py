from django import forms

from .models import Department


class DepartmentForm(forms.ModelForm):
    class Meta:
        model = Department
        fields = ["name", "name_en", "is_active"]

    def __init__(self, *args, municipality, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        # The unique (municipality, name) check needs the municipality before validation.
        self.instance.municipality = municipality

    def _get_validation_exclusions(self):  # type: ignore[no-untyped-def]
        exclusions = super()._get_validation_exclusions()  # type: ignore[misc]
        exclusions.discard("municipality")
        return exclusions
