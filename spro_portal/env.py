"""Strict reading of the portal's configuration from environment variables.

Every reader takes the environment mapping explicitly (so tests can pass a dict) and raises
`ConfigError` naming the variable when a value is missing or malformed. `manage.py` and `wsgi.py`
turn that error into one line on standard error and a non-zero exit.
"""

import re
from collections.abc import Mapping
from urllib.parse import urlparse

import environ
from django.core.exceptions import ImproperlyConfigured

TRUE_VALUES = frozenset({"1", "true", "yes", "on", "oui"})
FALSE_VALUES = frozenset({"0", "false", "no", "off", "non"})

DEPARTMENT_CODE = re.compile(r"^(\d{2}|2A|2B|9[78]\d)$")
REGION_CODE = re.compile(r"^\d{2,3}$")
HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")

# WCAG 2.1 AA: normal text needs a contrast ratio of at least 4.5:1.
MIN_CONTRAST_WITH_WHITE = 4.5


class ConfigError(ImproperlyConfigured):
    """A missing or malformed environment variable; the message names it in one line."""

    def __init__(self, name: str, problem: str):
        self.name = name
        super().__init__(f"{name} : {problem}")


def _raw(environ_: Mapping[str, str], name: str) -> str | None:
    value = environ_.get(name)
    if value is None or value.strip() == "":
        return None
    return value.strip()


def read_str(environ_: Mapping[str, str], name: str, default: str | None = None) -> str | None:
    value = _raw(environ_, name)
    return default if value is None else value


def read_required(environ_: Mapping[str, str], name: str, hint: str) -> str:
    value = _raw(environ_, name)
    if value is None:
        raise ConfigError(name, f"variable obligatoire absente ({hint}).")
    return value


def read_bool(environ_: Mapping[str, str], name: str, default: bool) -> bool:
    value = _raw(environ_, name)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in TRUE_VALUES:
        return True
    if lowered in FALSE_VALUES:
        return False
    raise ConfigError(name, f"valeur « {value} » invalide ; attendu 1 ou 0 (true/false, yes/no, on/off).")


def read_choice(environ_: Mapping[str, str], name: str, default: str, choices: list[str]) -> str:
    value = read_str(environ_, name, default).upper()
    if value not in choices:
        raise ConfigError(name, f"valeur « {value} » invalide ; attendu l'une de : {', '.join(choices)}.")
    return value


def read_int(environ_: Mapping[str, str], name: str, default: int, minimum: int = 0) -> int:
    value = _raw(environ_, name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ConfigError(name, f"valeur « {value} » invalide ; attendu un nombre entier.") from None
    if number < minimum:
        raise ConfigError(name, f"valeur {number} trop petite ; minimum {minimum}.")
    return number


def read_list(environ_: Mapping[str, str], name: str, default: list[str]) -> list[str]:
    """A list separated by commas and/or spaces."""
    value = _raw(environ_, name)
    if value is None:
        return list(default)
    return [item for item in re.split(r"[\s,]+", value) if item]


def read_region_code(environ_: Mapping[str, str], name: str, default: str) -> str:
    value = read_str(environ_, name, default)
    if not REGION_CODE.match(value):
        raise ConfigError(
            name, f"code région INSEE « {value} » invalide ; attendu deux ou trois chiffres (ex. 76)."
        )
    return value


def read_department_codes(environ_: Mapping[str, str], name: str, default: list[str]) -> list[str]:
    codes = [code.upper() for code in read_list(environ_, name, default)]
    if not codes:
        raise ConfigError(name, "au moins un code de département est attendu.")
    for code in codes:
        if not DEPARTMENT_CODE.match(code):
            raise ConfigError(
                name, f"code département « {code} » invalide ; attendu par exemple 09, 31, 2A ou 974."
            )
    return codes


def relative_luminance(hex_color: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_with_white(hex_color: str) -> float:
    return 1.05 / (relative_luminance(hex_color) + 0.05)


def read_color(environ_: Mapping[str, str], name: str, default: str) -> str:
    """A #rrggbb colour on which white text stays readable (WCAG AA, 4.5:1)."""
    value = read_str(environ_, name, default)
    if not HEX_COLOR.match(value):
        raise ConfigError(name, f"couleur « {value} » invalide ; attendu #rrggbb (ex. #a3123a).")
    ratio = contrast_with_white(value)
    if ratio < MIN_CONTRAST_WITH_WHITE:
        raise ConfigError(
            name,
            f"couleur {value} trop claire : contraste {ratio:.2f}:1 avec du texte blanc, "
            f"{MIN_CONTRAST_WITH_WHITE}:1 minimum (RGAA).",
        )
    return value.lower()


def read_database(environ_: Mapping[str, str], name: str = "DATABASE_URL") -> dict | None:
    """A PostgreSQL URL parsed into Django's DATABASES entry, or None when unset."""
    value = _raw(environ_, name)
    if value is None:
        return None
    scheme = urlparse(value).scheme
    if scheme not in {"postgres", "postgresql", "pgsql"}:
        raise ConfigError(name, f"URL « {scheme or value} » non prise en charge ; attendu postgresql://…")
    try:
        config = environ.Env.db_url_config(value)
    except Exception as exc:  # django-environ raises various errors on malformed URLs
        raise ConfigError(name, f"URL invalide ({exc}).") from None
    if not config.get("NAME"):
        raise ConfigError(name, "nom de base absent ; attendu postgresql://utilisateur@hôte:port/base.")
    config["ENGINE"] = "django.db.backends.postgresql"
    return config


def read_url(environ_: Mapping[str, str], name: str, schemes: set[str]) -> str | None:
    value = _raw(environ_, name)
    if value is None:
        return None
    parsed = urlparse(value)
    if parsed.scheme not in schemes or not parsed.netloc:
        expected = " ou ".join(f"{scheme}://…" for scheme in sorted(schemes))
        raise ConfigError(name, f"URL « {value} » invalide ; attendu {expected}.")
    return value


def read_email(environ_: Mapping[str, str], name: str, debug: bool) -> dict:
    """EMAIL_URL (smtp://user:password@host:port, smtp+tls://…, consolemail://): console in debug."""
    value = _raw(environ_, name)
    if value is None:
        if debug:
            return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
        return {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_HOST": "localhost"}
    scheme = urlparse(value).scheme
    if scheme not in environ.Env.EMAIL_SCHEMES:
        known = ", ".join(sorted(environ.Env.EMAIL_SCHEMES))
        raise ConfigError(name, f"schéma « {scheme} » inconnu ; attendu l'un de : {known}.")
    return environ.Env.email_url_config(value)


ADMIN_PATH = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]*(/[A-Za-z0-9._~-]+)*/?$")


def read_admin_path(environ_: Mapping[str, str], name: str, default: str) -> str:
    """The admin's URL prefix, e.g. `gestion-spro/`: relative, no leading slash, with a trailing one."""
    value = read_str(environ_, name, default).strip("/")
    if not ADMIN_PATH.match(value):
        raise ConfigError(
            name, f"chemin « {value} » invalide ; attendu lettres, chiffres, - . _ ~ (ex. gestion-spro)."
        )
    return f"{value}/"


def tile_sources(name: str, tiles_url: str) -> list[str]:
    """The Content-Security-Policy sources (scheme://host) of a map tile URL template; `{s}` → `*`."""
    if not tiles_url:
        return []
    parsed = urlparse(tiles_url)
    host = re.sub(r"^\{[a-z]+\}\.", "*.", parsed.netloc)
    if parsed.scheme not in {"http", "https"} or not host or "{" in host or "}" in host:
        raise ConfigError(
            name,
            f"URL « {tiles_url} » invalide ; attendu https://hôte/{{z}}/{{x}}/{{y}}.png (ou {{s}}.hôte).",
        )
    return [f"{parsed.scheme}://{host}"]
