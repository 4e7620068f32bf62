"""What the calendar feeds keep of the events they wrote (events.ics)."""

from django.db import models

from .agenda import Event


class CalendarEntry(models.Model):
    """An event's VEVENT as the calendar feeds last wrote it for a site root (see events.ics): a cache
    that every process of every app server shares, kept in an UNLOGGED table (no write-ahead log;
    PostgreSQL empties it after a crash, and the feeds write it again)."""

    # Deleted with the event by Django; no key in the database, whose check would lock each event's row
    # (a write-ahead log record and a flush for every feed that stores VEVENTs). Its index: the unique
    # constraint's, which begins with it.
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    base_url = models.TextField()
    version = models.BigIntegerField()  # the event's when the VEVENT was written: events.selectors.version_of
    written_at = models.DateTimeField()
    body = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "base_url"], name="calendar_entry_unique")]

    def __str__(self):
        return f"VEVENT {self.event_id} ({self.base_url})"
