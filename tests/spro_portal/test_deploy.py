"""Deployment settings (README, "Deployment"): `check --deploy` is clean with the production variables,
every page carries the security headers, and the admin's path is configurable."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "orientation.example.fr",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://orientation.example.fr",
    "DJANGO_PROXY_SSL_HEADER": "1",
    # Not connected to: `check --deploy` needs settings, not a database.
    "DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/spro",
    "DJANGO_SETTINGS_MODULE": "spro_portal.settings",
}


def production_env(**variables) -> dict:
    base = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "PORTAL_", "DATABASE_", "REDIS_URL", "EMAIL_URL"))
    }
    return {**base, **PRODUCTION, **variables}


def manage(*arguments, **variables) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=production_env(**variables),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_no_issue_with_the_production_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_when_https_is_switched_off():
    result = manage("check", "--deploy", "--fail-level", "WARNING", DJANGO_SECURE_SSL_REDIRECT="0")
    assert result.returncode == 1
    assert "security.W008" in result.stderr


def test_the_admin_moves_to_the_configured_path():
    script = "from django.urls import reverse; print(reverse('admin:index'), reverse('pro:dashboard'))"
    result = manage("shell", "--verbosity=0", "-c", script, DJANGO_ADMIN_PATH="gestion-spro")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["/gestion-spro/", "/espace-pro/"]


def test_serving_refuses_to_start_without_the_secret_key():
    environment = production_env()
    del environment["DJANGO_SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "-c", "import spro_portal.wsgi"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "DJANGO_SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr


def test_pages_carry_the_security_headers(client):
    response = client.get("/")
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))  # in any order
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "https://tile.openstreetmap.org" in directives["img-src"]
    assert "unsafe" not in policy
    assert "geolocation=(self)" in response.headers["Permissions-Policy"]
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_only_the_admin_allows_the_hashes_of_its_export_form(client):
    public = client.get("/lieux/").headers["Content-Security-Policy"]
    admin = client.get("/admin/login/").headers["Content-Security-Policy"]
    assert "'unsafe-hashes'" not in public
    assert "'unsafe-hashes'" in admin
    assert "'unsafe-inline'" not in admin


def test_session_and_csrf_cookies_are_http_only_and_lax(settings):
    assert settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE == settings.CSRF_COOKIE_SAMESITE == "Lax"
