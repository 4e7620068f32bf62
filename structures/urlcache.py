"""Fast `get_absolute_url` for pages listing many objects: reverse() once per URL name, then substitute."""

import functools

from django.urls import get_script_prefix, get_urlconf, reverse

PLACEHOLDER = "0slug0"


@functools.lru_cache(maxsize=64)
def _pattern(name: str, urlconf, prefix: str) -> str:
    return reverse(name, args=[PLACEHOLDER], urlconf=urlconf)


def reverse_slug(name: str, slug: str) -> str:
    """reverse(name, args=[slug]) for a URL whose only argument is a slug (letters, digits, - and _)."""
    return _pattern(name, get_urlconf(), get_script_prefix()).replace(PLACEHOLDER, slug, 1)


def slug_url(name: str):
    """A function giving reverse(name, args=[slug]) for many slugs: the URL resolver is read once."""
    prefix, _placeholder, suffix = _pattern(name, get_urlconf(), get_script_prefix()).partition(PLACEHOLDER)
    return lambda slug: f"{prefix}{slug}{suffix}"
