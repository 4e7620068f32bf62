"""Browser tests: Playwright driving Debian's chromium against a live server of the portal loaded with
the demonstration data. Run with `pytest -m e2e` (make test does it after the main suite)."""

import os
import shutil

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connections
from playwright.sync_api import sync_playwright
from pytest_django.live_server_helper import LiveServer

# Playwright's sync API runs an event loop in this thread; the tests' own database reads are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def portal(django_db_setup, django_db_blocker):
    """The live portal with demo data; map tiles disabled so that no request leaves the server."""
    with django_db_blocker.unblock():
        call_command("load_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    tiles = settings.PORTAL_MAP_TILES_URL
    settings.PORTAL_MAP_TILES_URL = ""
    # Each request of the live server runs in its own thread: close its connection when done.
    connections["default"].settings_dict["CONN_MAX_AGE"] = 0
    server = LiveServer("127.0.0.1:0")
    yield server
    server.stop()
    settings.PORTAL_MAP_TILES_URL = tiles
    # Request threads kept alive by the browser may still hold a connection: end them so that the
    # test database can be dropped.
    with django_db_blocker.unblock(), connections["default"].cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} est introuvable : installez le paquet Debian chromium (voir le README).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser):
    context = browser.new_context(
        locale="fr-FR", timezone_id="Europe/Paris", viewport={"width": 1280, "height": 900}
    )
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()
