"""WSGI entry point (gunicorn spro_portal.wsgi)."""

import os
import sys

from django.core.wsgi import get_wsgi_application

from spro_portal.env import ConfigError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spro_portal.settings")

try:
    application = get_wsgi_application()
except ConfigError as exc:
    sys.exit(f"Configuration invalide — {exc}")
