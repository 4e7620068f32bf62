"""Settings for the test suite: the real settings with a throwaway key and fast hashing."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key-0123456789-abcdefghijklmnop")

from .settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STATIC_ROOT = None  # static files come from the finders; no collectstatic before tests
WHITENOISE_USE_FINDERS = True
PORTAL_GEOCODING = False  # tests never call the network
PRIVATE_FILES_ROOT = Path(tempfile.mkdtemp(prefix="spro-tests-private-"))  # shared documents of the tests
# The test client and the live server speak plain HTTP (deployment: tests/spro_portal/test_deploy.py).
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
