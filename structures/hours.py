"""Opening hours: OSM `opening_hours` strings read with opening-hours-py (France's public holidays,
Europe/Paris time).

Pages show the exact state of a place from its expression. Search filters ("open now", "open on
Saturday", "open in the evening") run in SQL on a typical week derived from the expression when the
place is saved: minute-of-week ranges plus a few flags (see `week_schedule`).
"""

import functools
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import opening_hours
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

TZ = ZoneInfo("Europe/Paris")
MINUTES_PER_DAY = 24 * 60
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY
EVENING_MINUTE = 18 * 60
SATURDAY = 5
# The typical week: Monday 12 January 2026, a week without public holiday.
REFERENCE_MONDAY = date(2026, 1, 12)
# Weekday public holidays of 2026, to learn whether a place closes on them (PH rules).
PUBLIC_HOLIDAYS_2026 = [
    date(2026, 4, 6),
    date(2026, 7, 14),
    date(2026, 11, 11),
    date(2026, 5, 14),
    date(2026, 5, 1),
]


@functools.lru_cache(maxsize=4096)
def parse(expression: str) -> opening_hours.OpeningHours | None:
    """The parsed expression, or None when empty or invalid."""
    if not expression or not expression.strip():
        return None
    try:
        return opening_hours.OpeningHours(expression, timezone=TZ, country="FR", max_interval_days=400)
    except (SyntaxError, opening_hours.ParserError):
        return None


def validation_error(expression: str) -> str:
    """A French message when `expression` is not valid OSM opening_hours syntax, else ""."""
    if expression and expression.strip() and parse(expression) is None:
        return _(
            "Horaires « %(value)s » illisibles : utilisez la syntaxe OpenStreetMap, "
            "par exemple « Mo-Fr 09:00-12:30,13:30-17:00; Sa 09:00-12:00; PH off »."
        ) % {"value": expression}
    return ""


def _open_intervals(hours: opening_hours.OpeningHours, start: datetime, end: datetime):
    for interval_start, interval_end, state, _comment in hours.intervals(start, end):
        if state == opening_hours.State.OPEN:
            yield interval_start, min(interval_end or end, end)


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=TZ)


@dataclass(frozen=True)
class WeekSchedule:
    ranges: tuple[tuple[int, int], ...] = ()  # [start, end) minutes from Monday 00:00
    open_saturday: bool = False
    open_evening: bool = False  # open after 18:00 on some weekday (Monday to Friday)
    closed_on_public_holidays: bool = False


def week_schedule(expression: str) -> WeekSchedule:
    hours = parse(expression)
    if hours is None:
        return WeekSchedule()
    monday = _day_start(REFERENCE_MONDAY)
    ranges = []
    for start, end in _open_intervals(hours, monday, monday + timedelta(days=7)):
        first = int((start - monday).total_seconds() // 60)
        last = int((end - monday).total_seconds() // 60)
        if last > first:
            ranges.append((first, last))
    open_saturday = any(start < 6 * MINUTES_PER_DAY and end > 5 * MINUTES_PER_DAY for start, end in ranges)
    open_evening = any(
        end > day * MINUTES_PER_DAY + EVENING_MINUTE and start < (day + 1) * MINUTES_PER_DAY
        for day in range(5)
        for start, end in ranges
    )
    closed_on_holidays = False
    for holiday in PUBLIC_HOLIDAYS_2026:
        reference_day = _day_start(REFERENCE_MONDAY + timedelta(days=holiday.weekday()))
        open_usually = any(_open_intervals(hours, reference_day, reference_day + timedelta(days=1)))
        if open_usually:
            holiday_start = _day_start(holiday)
            closed_on_holidays = not any(
                _open_intervals(hours, holiday_start, holiday_start + timedelta(days=1))
            )
            break
    return WeekSchedule(tuple(ranges), open_saturday, open_evening, closed_on_holidays)


def minute_of_week(moment: datetime) -> int:
    local = moment.astimezone(TZ)
    return local.weekday() * MINUTES_PER_DAY + local.hour * 60 + local.minute


_HOLIDAYS = opening_hours.OpeningHours("PH", timezone=TZ, country="FR")


def is_public_holiday(day: date) -> bool:
    return _HOLIDAYS.is_open(datetime.combine(day, time(12, 0), tzinfo=TZ))


def _hhmm(moment: datetime) -> str:
    return moment.astimezone(TZ).strftime("%H:%M")


def _when(moment: datetime, now: datetime) -> str:
    local, today = moment.astimezone(TZ), now.astimezone(TZ).date()
    if local.date() == today:
        return _("à %(time)s") % {"time": _hhmm(local)}
    if local.date() == today + timedelta(days=1):
        return _("demain à %(time)s") % {"time": _hhmm(local)}
    if local.date() < today + timedelta(days=7):
        return _("%(day)s à %(time)s") % {"day": formats.date_format(local, "l"), "time": _hhmm(local)}
    return _("le %(date)s à %(time)s") % {"date": formats.date_format(local, "j F"), "time": _hhmm(local)}


def _minute(moment: datetime) -> datetime:
    """The moment's minute, in Paris time: opening hours change on whole minutes, so a place's state
    is the same all through a minute, and lists of places share the few expressions they use."""
    return moment.astimezone(TZ).replace(second=0, microsecond=0)


def is_open_at(expression: str, moment: datetime) -> bool | None:
    """Open at that moment? None when the hours are unknown."""
    return _is_open_at(expression, _minute(moment))


@functools.lru_cache(maxsize=4096)
def _is_open_at(expression: str, minute: datetime) -> bool | None:
    hours = parse(expression)
    return None if hours is None else hours.is_open(minute)


@dataclass(frozen=True)
class HoursStatus:
    state: str  # "open", "closed" or "unknown"
    label: str
    next_change: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.state == "open"


def status(expression: str, now: datetime | None = None) -> HoursStatus:
    """ "Ouvert — ferme à 17:00", "Fermé — ouvre lundi à 09:00", "Fermé", or unknown hours."""
    return _status(expression, _minute(now or timezone.now()), get_language())


@functools.lru_cache(maxsize=4096)
def _status(expression: str, now: datetime, language: str | None) -> HoursStatus:
    hours = parse(expression)
    if hours is None:
        return HoursStatus("unknown", _("Horaires non renseignés"))
    is_open = hours.is_open(now)
    change = hours.next_change(now)
    if is_open:
        label = _("Ouvert — ferme %(when)s") % {"when": _when(change, now)} if change else _("Ouvert")
        return HoursStatus("open", label, change)
    if change:
        return HoursStatus("closed", _("Fermé — ouvre %(when)s") % {"when": _when(change, now)}, change)
    return HoursStatus("closed", _("Fermé"))


@dataclass(frozen=True)
class DayHours:
    day: date
    intervals: tuple[tuple[str, str], ...]
    public_holiday: bool
    today: bool


@functools.lru_cache(maxsize=4096)
def next_days(expression: str, today: date, days: int = 7) -> tuple[DayHours, ...]:
    """Opening intervals for `days` days from `today`, with public holidays marked (remembered: places
    share their hours, and a place's page shows them)."""
    hours = parse(expression)
    result = []
    for offset in range(days):
        day = today + timedelta(days=offset)
        start = _day_start(day)
        intervals = ()
        if hours is not None:
            intervals = tuple(
                (_hhmm(a), "24:00" if b >= start + timedelta(days=1) else _hhmm(b))
                for a, b in _open_intervals(hours, start, start + timedelta(days=1))
            )
        result.append(DayHours(day, intervals, is_public_holiday(day), offset == 0))
    return tuple(result)


WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _minutes(value: int) -> str:
    return f"{value // 60:02d}:{value % 60:02d}"


@functools.lru_cache(maxsize=4096)
def typical_week(expression: str) -> tuple[tuple[int, tuple[tuple[str, str], ...]], ...]:
    """((weekday 0-6, (("09:00", "12:30"), …)), …) for a usual week (no public holiday); remembered."""
    days: list[tuple[int, list[tuple[str, str]]]] = [(day, []) for day in range(7)]
    for start, end in week_schedule(expression).ranges:
        while start < end:
            day = start // MINUTES_PER_DAY
            day_end = min(end, (day + 1) * MINUTES_PER_DAY)
            days[day % 7][1].append(
                (_minutes(start % MINUTES_PER_DAY), _minutes(day_end - day * MINUTES_PER_DAY))
            )
            start = day_end
    return tuple((day, tuple(intervals)) for day, intervals in days)


# --- The per-day editor of the reserved space ------------------------------------------------------

OSM_DAYS = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
EDITOR_RANGES = 2  # a morning and an afternoon a day


def expression_of_days(days: list[list[tuple[str, str]]], closed_on_public_holidays: bool) -> str:
    """The OSM expression of a week given day by day (Monday first: each day's ("09:00", "12:30")
    ranges, in order), consecutive days with the same hours grouped: "Mo-Fr 09:00-12:30,13:30-17:00;
    Sa 09:00-12:00; PH off". "" for a week without any opening (hours unknown)."""
    rules, day = [], 0
    while day < 7:
        last = day
        while last + 1 < 7 and days[last + 1] == days[day]:
            last += 1
        if days[day]:
            span = (
                OSM_DAYS[day]
                if last == day
                else f"{OSM_DAYS[day]}{',' if last == day + 1 else '-'}{OSM_DAYS[last]}"
            )
            rules.append(f"{span} {','.join(f'{start}-{end}' for start, end in days[day])}")
        day = last + 1
    if rules and closed_on_public_holidays:
        rules.append("PH off")
    return "; ".join(rules)


def days_of_expression(expression: str) -> tuple[list[list[tuple[str, str]]], bool] | None:
    """The week of `expression` day by day and whether it closes on public holidays, when the per-day
    editor can show it exactly (at most EDITOR_RANGES ranges a day, the same every week, public
    holidays closed or as usual); else None (the expert field keeps it)."""
    if not expression or not expression.strip():
        return [[] for _day in range(7)], True
    if parse(expression) is None:
        return None
    days = [list(intervals) for _day, intervals in typical_week(expression)]
    if any(len(intervals) > EDITOR_RANGES for intervals in days):
        return None
    schedule = week_schedule(expression)
    for closed in (schedule.closed_on_public_holidays, not schedule.closed_on_public_holidays):
        rebuilt = expression_of_days(days, closed)
        if rebuilt and _same_year(rebuilt, expression):
            return days, closed
    return None


def _same_year(first: str, second: str) -> bool:
    """Whether two expressions open at the same times over the coming year (holidays included)."""
    start = _day_start(timezone.localdate())
    end = start + timedelta(days=366)
    one, other = parse(first), parse(second)
    return list(_open_intervals(one, start, end)) == list(_open_intervals(other, start, end))


# --- When a place's phones and chat answer (its page's "Nous contacter") ---------------------------


def spoken_time(moment: datetime) -> str:
    """A time of day as French running text writes it: "9 h", "17 h 30" (Paris time)."""
    local = moment.astimezone(TZ)
    if local.minute == 0:
        return _("%(hour)d h") % {"hour": local.hour}
    return _("%(hour)d h %(minute)02d") % {"hour": local.hour, "minute": local.minute}


def _spoken_when(moment: datetime, now: datetime) -> str:
    """ "aujourd'hui à 13 h 30", "demain à 9 h", "lundi à 9 h", "le 3 août à 9 h"."""
    local, today = moment.astimezone(TZ), now.astimezone(TZ).date()
    time_words = spoken_time(local)
    if local.date() == today:
        return _("aujourd'hui à %(time)s") % {"time": time_words}
    if local.date() == today + timedelta(days=1):
        return _("demain à %(time)s") % {"time": time_words}
    if local.date() < today + timedelta(days=7):
        return _("%(day)s à %(time)s") % {"day": formats.date_format(local, "l"), "time": time_words}
    return _("le %(date)s à %(time)s") % {"date": formats.date_format(local, "j F"), "time": time_words}


@dataclass(frozen=True)
class Availability:
    """When a place can be reached by phone or chat, from its opening hours."""

    state: str  # "open", "closed" or "unknown" (hours not given)
    until: str = ""  # open: when it closes ("17 h 30", "minuit", "demain à 2 h"); "" when not in view
    opens: str = ""  # closed: its next opening ("demain à 9 h", "lundi à 9 h"); "" when none in view


def availability(expression: str, now: datetime | None = None) -> Availability:
    """Open now and until when, or the next opening (from `status`, remembered per minute)."""
    return _availability(expression, _minute(now or timezone.now()), get_language())


@functools.lru_cache(maxsize=4096)
def _availability(expression: str, now: datetime, language: str | None) -> Availability:
    current = _status(expression, now, language)
    if current.state == "unknown":
        return Availability("unknown")
    change = current.next_change
    if not current.is_open:
        return Availability("closed", opens=_spoken_when(change, now) if change else "")
    if change is None:
        return Availability("open")
    local, today = change.astimezone(TZ), now.astimezone(TZ).date()
    if local.date() == today:
        until = spoken_time(local)
    elif local.date() == today + timedelta(days=1) and (local.hour, local.minute) == (0, 0):
        until = _("minuit")
    else:
        until = _spoken_when(change, now)
    return Availability("open", until=until)
