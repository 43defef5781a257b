#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ravabet.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018  (read settings now, to report a bad environment plainly)
    except ImproperlyConfigured as error:
        sys.exit(f"Ravabet is not configured: {error}")
    execute_from_command_line(sys.argv)
