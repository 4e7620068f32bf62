"""Upcoming events on pages of other apps (home, site and zone pages) without those apps importing events."""

from django import template
from django.utils import timezone

from ..selectors import upcoming_events as upcoming_events_selector

register = template.Library()


@register.inclusion_tag("events/includes/upcoming.html")
def upcoming_events(site=None, zone=None, limit=5, heading="h2"):
    events = upcoming_events_selector(now=timezone.now(), limit=limit, site=site, zone=zone)
    return {"events": events, "heading": heading, "site": site, "zone": zone}
