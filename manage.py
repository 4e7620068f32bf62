#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spro_portal.settings")
    from django.conf import settings

    from spro_portal.env import ConfigError

    try:
        settings.INSTALLED_APPS  # noqa: B018 -- loads the settings, which validate the environment
    except ConfigError as exc:
        sys.exit(f"Configuration invalide — {exc}")

    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
