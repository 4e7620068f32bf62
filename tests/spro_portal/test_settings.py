import os
import runpy
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from spro_portal import env
from spro_portal.env import ConfigError

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_SECRET_KEY": "x" * 50,
    "DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/spro",
}


def load_settings(monkeypatch, **variables) -> dict:
    """Execute the real settings module with exactly these environment variables."""
    for name in list(os.environ):
        if name.startswith(("DJANGO_", "PORTAL_", "DATABASE_URL", "REDIS_URL", "EMAIL_URL")):
            monkeypatch.delenv(name)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # runpy: the module is already imported
        return runpy.run_module("spro_portal.settings")


def test_defaults_are_production_safe(monkeypatch):
    settings = load_settings(monkeypatch, **PRODUCTION)
    assert settings["DEBUG"] is False
    assert settings["ALLOWED_HOSTS"] == ["localhost", "127.0.0.1", "[::1]"]
    assert settings["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert settings["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")
    assert settings["LANGUAGE_CODE"] == "fr"
    assert settings["TIME_ZONE"] == "Europe/Paris"


def test_default_territory_is_former_midi_pyrenees_in_occitanie(monkeypatch):
    settings = load_settings(monkeypatch, **PRODUCTION)
    assert settings["PORTAL_REGION"] == "76"
    assert settings["PORTAL_DEPARTMENTS"] == ["09", "12", "31", "32", "46", "65", "81", "82"]


def test_secret_key_is_required_without_debug(monkeypatch):
    with pytest.raises(ConfigError, match="DJANGO_SECRET_KEY"):
        load_settings(monkeypatch, DATABASE_URL=PRODUCTION["DATABASE_URL"])


def test_debug_mode_needs_no_secret_key_and_prints_emails(monkeypatch):
    settings = load_settings(monkeypatch, DJANGO_DEBUG="1", DATABASE_URL=PRODUCTION["DATABASE_URL"])
    assert settings["DEBUG"] is True
    assert settings["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"


def test_database_url_is_parsed(monkeypatch):
    settings = load_settings(
        monkeypatch, **{**PRODUCTION, "DATABASE_URL": "postgresql://spro:pw@db.example:6543/portal"}
    )
    database = settings["DATABASES"]["default"]
    assert (database["HOST"], database["PORT"], database["NAME"], database["USER"]) == (
        "db.example",
        6543,
        "portal",
        "spro",
    )
    assert database["ENGINE"] == "django.db.backends.postgresql"


def test_redis_url_selects_the_redis_cache(monkeypatch):
    settings = load_settings(monkeypatch, **PRODUCTION, REDIS_URL="redis://127.0.0.1:6379/1")
    assert settings["CACHES"]["default"] == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/1",
    }


def test_territory_and_identity_are_configurable(monkeypatch):
    settings = load_settings(
        monkeypatch,
        **PRODUCTION,
        PORTAL_REGION="84",
        PORTAL_DEPARTMENTS="01, 38 69",
        PORTAL_REGION_NAME="Région Auvergne-Rhône-Alpes",
        PORTAL_COLOR_PRIMARY="#003366",
        DJANGO_ALLOWED_HOSTS="orientation.example.fr,www.orientation.example.fr",
    )
    assert settings["PORTAL_DEPARTMENTS"] == ["01", "38", "69"]
    assert settings["PORTAL_REGION"] == "84"
    assert settings["PORTAL_REGION_NAME"] == "Région Auvergne-Rhône-Alpes"
    assert settings["PORTAL_COLOR_PRIMARY"] == "#003366"
    assert settings["ALLOWED_HOSTS"] == ["orientation.example.fr", "www.orientation.example.fr"]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DJANGO_DEBUG", "maybe"),
        ("DATABASE_URL", "mysql://root@localhost/spro"),
        ("DATABASE_URL", "postgresql://localhost"),
        ("REDIS_URL", "localhost:6379"),
        ("EMAIL_URL", "pigeon://loft"),
        ("PORTAL_REGION", "Occitanie"),
        ("PORTAL_DEPARTMENTS", "31 Gers"),
        ("PORTAL_COLOR_PRIMARY", "red"),
        ("PORTAL_COLOR_PRIMARY", "#ffcc00"),
        ("DJANGO_LOG_LEVEL", "LOUD"),
        ("DJANGO_SECRET_KEY", "short"),
        ("DJANGO_ADMIN_PATH", "/gestion spro/"),
        ("DJANGO_HSTS_SECONDS", "un an"),
        ("DJANGO_SECURE_SSL_REDIRECT", "peut-être"),
        ("DJANGO_PROXY_SSL_HEADER", "x-forwarded-proto"),
        ("PORTAL_MAP_TILES_URL", "tile.openstreetmap.org/{z}/{x}/{y}.png"),
    ],
)
def test_malformed_variable_is_named_in_the_error(monkeypatch, name, value):
    with pytest.raises(ConfigError) as error:
        load_settings(monkeypatch, **{**PRODUCTION, name: value})
    assert error.value.name == name
    assert "\n" not in str(error.value)


def test_light_colour_is_refused_for_contrast():
    with pytest.raises(ConfigError, match="contraste"):
        env.read_color({"PORTAL_COLOR_PRIMARY": "#ffcc00"}, "PORTAL_COLOR_PRIMARY", "#000000")
    assert env.contrast_with_white("#000000") == pytest.approx(21)


@pytest.mark.parametrize(("value", "expected"), [("1", True), ("on", True), ("FALSE", False), ("0", False)])
def test_booleans(value, expected):
    assert env.read_bool({"X": value}, "X", default=not expected) is expected


def test_start_up_stops_with_one_line_naming_the_variable():
    environment = {**os.environ, "DJANGO_DEBUG": "peut-être", "DATABASE_URL": PRODUCTION["DATABASE_URL"]}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "DJANGO_DEBUG" in lines[0]
    assert "Traceback" not in result.stderr


def test_administrative_commands_run_without_the_secret_key_but_serving_needs_it():
    environment = {key: value for key, value in os.environ.items() if key != "DJANGO_SECRET_KEY"}
    environment.update(
        DJANGO_DEBUG="0",
        DATABASE_URL=PRODUCTION["DATABASE_URL"],
        DJANGO_SETTINGS_MODULE="spro_portal.settings",
    )
    check = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr
    serve = subprocess.run(
        [sys.executable, "manage.py", "runserver", "--noreload"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert serve.returncode == 1
    assert "DJANGO_SECRET_KEY" in serve.stderr


def test_production_defaults_are_https_only(monkeypatch):
    settings = load_settings(monkeypatch, **PRODUCTION)
    assert settings["SECURE_SSL_REDIRECT"] is True
    assert settings["SECURE_HSTS_SECONDS"] == 31536000
    assert settings["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert settings["SESSION_COOKIE_SECURE"] is settings["CSRF_COOKIE_SECURE"] is True
    assert "SECURE_PROXY_SSL_HEADER" not in settings
    assert settings["ADMIN_PATH"] == "admin/"


def test_debug_mode_serves_plain_http(monkeypatch):
    settings = load_settings(monkeypatch, DJANGO_DEBUG="1", DATABASE_URL=PRODUCTION["DATABASE_URL"])
    assert settings["SECURE_SSL_REDIRECT"] is False
    assert settings["SECURE_HSTS_SECONDS"] == 0
    assert settings["SESSION_COOKIE_SECURE"] is False


def test_deployment_variables_are_read(monkeypatch):
    settings = load_settings(
        monkeypatch,
        **PRODUCTION,
        DJANGO_PROXY_SSL_HEADER="1",
        DJANGO_HSTS_SECONDS="3600",
        DJANGO_HSTS_PRELOAD="1",
        DJANGO_ADMIN_PATH="/gestion-spro",
        PORTAL_MAP_TILES_URL="https://{s}.tile.openstreetmap.fr/osmfr/{z}/{x}/{y}.png",
    )
    assert settings["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert settings["SECURE_HSTS_SECONDS"] == 3600
    assert settings["SECURE_HSTS_PRELOAD"] is True
    assert settings["SILENCED_SYSTEM_CHECKS"] == []
    assert settings["ADMIN_PATH"] == "gestion-spro/"
    img_src = settings["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"]
    assert img_src == ["'self'", "data:", "https://*.tile.openstreetmap.fr"]


@pytest.mark.parametrize(
    ("url", "sources"),
    [
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", ["https://tile.openstreetmap.org"]),
        ("https://{s}.tile.example.fr:8443/{z}/{x}/{y}.png", ["https://*.tile.example.fr:8443"]),
        ("", []),
    ],
)
def test_map_tile_host_becomes_a_csp_source(url, sources):
    assert env.tile_sources("PORTAL_MAP_TILES_URL", url) == sources
