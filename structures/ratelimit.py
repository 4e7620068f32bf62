"""Counting requests per address in the cache (local memory or Redis), for forms open to anyone.

Keys hold an HMAC-SHA-256 of the address (keyed with SECRET_KEY), never the address itself, and
expire with their window: nothing of it reaches the database."""

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache


def _key(scope: str, value: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), value.strip().lower().encode(), hashlib.sha256)
    return f"rate:{scope}:{digest.hexdigest()}"


def rate_exceeded(scope: str, values: dict[str, str], *, limit: int, window: int = 3600) -> bool:
    """Count one more request for each of `values` (kind → address, e.g. {"ip": "192.0.2.1", "email":
    "a@b.fr"}; empty ones ignored) in windows of `window` seconds that start at their first request;
    True when one of them is over `limit`."""
    exceeded = False
    for kind, value in values.items():
        if not value:
            continue
        key = _key(f"{scope}:{kind}", value)
        cache.add(key, 0, timeout=window)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=window)
            count = 1
        exceeded = exceeded or count > limit
    return exceeded
