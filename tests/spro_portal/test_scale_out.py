"""Several application processes: cached lists invalidated everywhere at once, and a French 503 page
with Retry-After while the database is out of reach (`make resilience` runs the real thing)."""

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.core.signals import request_started
from django.db import OperationalError
from django.urls import path

from spro_portal.shared_value import SharedValue
from spro_portal.urls import handler500
from spro_portal.urls import urlpatterns as portal_urlpatterns

PROJECT_DIR = Path(__file__).resolve().parents[2]


def _database_down(request):
    raise OperationalError('connection failed: connection to server at "127.0.0.1" failed')


def _bug(request):
    raise ValueError("a bug")


urlpatterns = [path("test/base-arretee/", _database_down), path("test/bogue/", _bug), *portal_urlpatterns]


def _in_other_process(function):
    """Run `function` in another thread: SharedValue keeps one copy per thread, as per process."""
    result = {}
    thread = threading.Thread(target=lambda: result.setdefault("value", function()))
    thread.start()
    thread.join()
    return result["value"]


def test_a_write_through_one_process_is_read_at_once_by_another():
    source = {"label": "Avant"}
    shared = SharedValue("tests:shared", lambda: dict(source), 300)

    def other_request():
        request_started.send(sender=None)  # the other process's next request
        return shared.get()["label"]

    assert _in_other_process(other_request) == "Avant"
    source["label"] = "Après"
    shared.invalidate()  # the write, in this process
    assert _in_other_process(other_request) == "Après"


def test_a_process_keeps_its_copy_while_the_version_is_unchanged():
    calls = []
    shared = SharedValue("tests:counted", lambda: calls.append(1) or len(calls), 300)
    request_started.send(sender=None)
    assert shared.get() == shared.get() == 1
    request_started.send(sender=None)
    assert shared.get() == 1  # same version: the process's copy, not reloaded
    assert calls == [1]


def test_the_catalog_follows_admin_edits_in_production_settings():
    """Regression: the signal receivers that invalidate the search filters' cached lists were connected
    with a weak reference to a local function, collected at once when DEBUG is off: in production, an
    edit of a taxonomy or a member's deactivation did not reach the search pages for minutes."""
    script = (
        "import gc, django; django.setup(); gc.collect()\n"
        "from django.db.models.signals import post_delete, post_save\n"
        "from structures.models import Audience, Member, Project, Scheme, Sector\n"
        "models = (Audience, Member, Project, Scheme, Sector)\n"
        "assert all(post_save.has_listeners(m) and post_delete.has_listeners(m) for m in models)\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "spro_portal.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": os.environ.get("DATABASE_URL") or "postgresql://postgres@127.0.0.1:1/unused",
    }
    completed = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stderr[-2000:]


@pytest.fixture
def error_client(client, settings):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    return client


def test_database_out_of_reach_gives_a_french_503_with_retry_after(error_client):
    response = error_client.get("/test/base-arretee/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    page = response.content.decode()
    assert "Service momentanément indisponible" in page
    assert "Réessayez dans quelques secondes" in page
    assert '<html lang="fr">' in page


def test_a_bug_gives_a_french_500(error_client):
    response = error_client.get("/test/bogue/")
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "Erreur du serveur" in response.content.decode()


def test_the_project_uses_the_french_error_page():
    assert handler500 == "spro_portal.views.server_error"
