#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import secrets
import sys

# Commands that serve requests, and so sign sessions and tokens with the configured key.
SERVING_COMMANDS = {"runserver"}


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spro_portal.settings")
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command not in SERVING_COMMANDS and not os.environ.get("DJANGO_SECRET_KEY"):
        # Administrative commands (migrate, makemigrations --check, loaders) sign nothing that outlives
        # them: a throwaway key lets them run where the production key is not set. Serving still needs it.
        os.environ["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
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
