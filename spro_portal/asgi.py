"""ASGI entry point."""

import os
import sys

from django.core.asgi import get_asgi_application

from spro_portal.env import ConfigError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spro_portal.settings")

try:
    application = get_asgi_application()
except ConfigError as exc:
    sys.exit(f"Configuration invalide — {exc}")
