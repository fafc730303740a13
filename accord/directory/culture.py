"""Working together across organizations (A4): languages, common working hours, accessibility.

Pure functions over plain data, so the rules are tested without a database: the partnership page
and the API feed `summarize` the culture profiles of a partnership's member organizations.

Time-zone overlap: each organization works on its own working days (Monday to Friday unless its
profile says otherwise), from its start to its end of working hours on its own clock. The summary
looks at the next working day of the first organization with hours (the host comes first) and
finds the hours every organization shares with it, converting
each local working day to UTC with zoneinfo, so daylight-saving changes are taken into account.
A neighbour's working day may be the day before or after on its own calendar (Asia and the
Americas), so their previous and next working days are considered too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from zoneinfo import TZPATH, ZoneInfo, available_timezones

EN_DASH, MINUS = "\u2013", "\u2212"  # typographic dash and minus sign, for labels

# Regions of the tz database whose zones are offered in forms; the others are old aliases.
REGIONS = (
    "Africa",
    "America",
    "Antarctica",
    "Arctic",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
)


# Working days, stored by name on a culture profile; the index is Python's weekday().
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONDAY_TO_FRIDAY = WEEKDAYS[:5]


def weekday_numbers(names) -> frozenset[int]:
    return frozenset(WEEKDAYS.index(name) for name in names if name in WEEKDAYS)


def working_days_label(names) -> str:
    """“Monday to Friday”, “Sunday to Thursday”, or the days one by one (“Monday, Wednesday”)."""
    numbers = sorted(weekday_numbers(names))
    if not numbers:
        return "no working days given"
    if len(numbers) == 7:
        return "every day"
    # A run of days, possibly across the week's end (Sunday to Thursday).
    for first in numbers:
        run = [(first + step) % 7 for step in range(len(numbers))]
        if sorted(run) == numbers and len(numbers) >= 3:
            return f"{WEEKDAYS[run[0]].title()} to {WEEKDAYS[run[-1]].title()}"
    return ", ".join(WEEKDAYS[n].title() for n in numbers)


@lru_cache(maxsize=1)
def known_time_zones() -> frozenset[str]:
    """Every time zone name zoneinfo knows (aliases included)."""
    return frozenset(available_timezones())


def _tz_database_file(name: str) -> str:
    """A text file of the tz database (zone.tab, tzdata.zi) where zoneinfo finds its zones."""
    for directory in TZPATH:
        path = Path(directory) / name
        if path.is_file():
            return path.read_text(encoding="utf-8")
    try:  # the tzdata package, where the system has no tz database
        from importlib.resources import files

        return (files("tzdata") / "zoneinfo" / name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return ""


@lru_cache(maxsize=1)
def canonical_time_zones() -> frozenset[str]:
    """The names Accord offers: one per zone of the tz database's zone.tab (each place's
    canonical name, such as America/Argentina/Buenos_Aires or Asia/Kolkata), and UTC.

    Deprecated aliases (US/Eastern, Asia/Calcutta, America/Buenos_Aires, Europe/Kiev) are not
    offered; saved through the API, they are stored as the name they stand for.
    """
    names = {
        line.split("\t")[2]
        for line in _tz_database_file("zone.tab").splitlines()
        if line and not line.startswith("#") and len(line.split("\t")) >= 3
    }
    names = {name for name in names if name in known_time_zones()}
    if not names:  # no zone.tab anywhere: the region/place names zoneinfo knows
        names = {n for n in known_time_zones() if "/" in n and n.split("/")[0] in REGIONS}
    return frozenset(names | {"UTC"})


@lru_cache(maxsize=1)
def _links() -> dict[str, str]:
    """Alias → the name it links to, from the tz database's tzdata.zi (“L target alias”)."""
    links = {}
    for line in _tz_database_file("tzdata.zi").splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "L":
            links[parts[2]] = parts[1]
    return links


def canonical_time_zone(name: str) -> str:
    """The offered name a time zone name stands for ("" when it is none Accord knows)."""
    canonical = canonical_time_zones()
    seen = set()
    while name and name not in canonical and name not in seen:
        if name in ("Etc/UTC", "Etc/GMT"):  # the zone UTC, GMT, Zulu, Etc/Universal… link to
            return "UTC"
        seen.add(name)
        name = _links().get(name, "")
    if name in canonical:
        return name
    return ""


def utc_offset_label(offset: timedelta) -> str:
    """A short offset for labels, such as UTC+5:30, UTC (and UTC-4 with a minus sign)."""
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else MINUS
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def time_zone_label(name: str) -> str:
    """A label that starts with the place, so typing a city finds it: “Buenos Aires, Argentina”."""
    parts = name.split("/")
    place = parts[-1].replace("_", " ")
    if len(parts) == 3:
        return f"{place}, {parts[1].replace('_', ' ')}"
    return place


def time_zone_groups(now: datetime) -> list[tuple[str, list[tuple[str, str]]]]:
    """The canonical time zones by region for a select, each labelled with its place and offset
    at `now`."""
    names = sorted(canonical_time_zones())
    groups: dict[str, list[tuple[str, str]]] = {}
    for name in names:
        region = name.split("/")[0] if name.split("/")[0] in REGIONS else "Other"
        offset = utc_offset_label(now.astimezone(ZoneInfo(name)).utcoffset() or timedelta(0))
        groups.setdefault(region, []).append((name, f"{time_zone_label(name)} ({offset})"))
    return [(region, sorted(zones, key=lambda z: z[1])) for region, zones in groups.items()]


# --- Plain data in ------------------------------------------------------------------------------
@dataclass(frozen=True)
class OrgRef:
    id: int
    name: str


@dataclass(frozen=True)
class MemberCulture:
    """What the summary needs from one organization; `has_profile` False: not filled in."""

    organization: OrgRef
    has_profile: bool = False
    languages: tuple[str, ...] = ()
    time_zone: str = ""
    hours_start: time | None = None
    hours_end: time | None = None
    accessibility_needs: str = ""
    working_days: frozenset[int] = frozenset(range(5))  # weekday() numbers; Monday to Friday

    @classmethod
    def of(cls, organization, *, visible: bool = True) -> MemberCulture:
        """From an Organization whose `culture_profile` was loaded with it (no query here)."""
        ref = OrgRef(organization.pk, organization.name)
        profile = getattr(organization, "culture_profile", None) if visible else None
        if profile is None:
            return cls(ref)
        return cls(
            ref,
            has_profile=True,
            languages=tuple(profile.languages or ()),
            time_zone=profile.time_zone,
            hours_start=profile.working_hours_start,
            hours_end=profile.working_hours_end,
            accessibility_needs=profile.accessibility_needs,
            working_days=weekday_numbers(profile.working_days),
        )

    @property
    def has_hours(self) -> bool:
        return bool(
            self.time_zone in known_time_zones()
            and self.hours_start is not None
            and self.hours_end is not None
            and self.hours_end > self.hours_start
            and self.working_days
        )


# --- Plain data out -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Language:
    language: str
    organizations: tuple[OrgRef, ...]
    shared_by_all: bool


@dataclass(frozen=True)
class LocalWindow:
    """A shared window on one organization's own clock."""

    organization: OrgRef
    time_zone: str
    start: datetime
    end: datetime

    @property
    def label(self) -> str:
        zone = self.start.tzname() or ""
        return f"{self.start:%a %H:%M}{EN_DASH}{self.end:%H:%M} {zone}".strip()


@dataclass(frozen=True)
class Window:
    """Hours every organization considered works, in UTC and on each one's clock."""

    start: datetime
    end: datetime
    local: tuple[LocalWindow, ...]

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)

    @property
    def label(self) -> str:
        return f"{self.start:%a %H:%M}{EN_DASH}{self.end:%H:%M} UTC"

    @property
    def duration(self) -> str:
        hours, minutes = divmod(self.minutes, 60)
        if not minutes:
            return f"{hours} hour{'s' if hours != 1 else ''}"
        return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


@dataclass(frozen=True)
class MemberHours:
    organization: OrgRef
    time_zone: str
    start: datetime  # the working day looked at, on the organization's own clock
    end: datetime

    @property
    def label(self) -> str:
        zone = self.start.tzname() or ""
        return f"{self.start:%a %H:%M}{EN_DASH}{self.end:%H:%M} {zone}".strip()


@dataclass(frozen=True)
class Overlap:
    day: date | None  # the working day looked at (of `anchor`)
    anchor: OrgRef | None
    hours: tuple[MemberHours, ...]  # each organization's working hours that day
    windows: tuple[Window, ...]  # empty: no common working hours
    furthest_out: OrgRef | None  # only when there are no common hours
    without_furthest: tuple[Window, ...]
    unknown: tuple[OrgRef, ...]  # no time zone or working hours given

    @property
    def enough_data(self) -> bool:
        return len(self.hours) >= 2

    @property
    def rows(self) -> list[tuple[MemberHours, list[str]]]:
        """Each organization's hours with the common hours on its own clock (without the one
        furthest out, when there are no hours common to all)."""
        windows = self.windows or self.without_furthest
        return [
            (
                hours,
                [
                    local.label
                    for window in windows
                    for local in window.local
                    if local.organization == hours.organization
                ],
            )
            for hours in self.hours
        ]


@dataclass(frozen=True)
class Needs:
    organization: OrgRef
    needs: str  # "" when the profile notes none


@dataclass(frozen=True)
class WorkingTogether:
    languages: tuple[Language, ...]
    languages_unknown: tuple[OrgRef, ...]
    overlap: Overlap
    accessibility: tuple[Needs, ...]
    accessibility_unknown: tuple[OrgRef, ...]


# --- The rules ----------------------------------------------------------------------------------
def summarize(members: Sequence[MemberCulture], *, now: datetime) -> WorkingTogether:
    """The working-together summary of `members` (in the order given; hosts first) at `now`."""
    return WorkingTogether(
        languages=languages_needed(members),
        languages_unknown=tuple(m.organization for m in members if not m.languages),
        overlap=time_overlap(members, now=now),
        accessibility=tuple(
            Needs(m.organization, m.accessibility_needs.strip()) for m in members if m.has_profile
        ),
        accessibility_unknown=tuple(m.organization for m in members if not m.has_profile),
    )


def languages_needed(members: Sequence[MemberCulture]) -> tuple[Language, ...]:
    """Each language (any letter case, first spelling kept) with the organizations that use it."""
    spelling: dict[str, str] = {}
    users: dict[str, list[OrgRef]] = {}
    for member in members:
        for language in member.languages:
            key = language.strip().casefold()
            if not key:
                continue
            spelling.setdefault(key, language.strip())
            if member.organization not in users.setdefault(key, []):
                users[key].append(member.organization)
    everyone = len(members)
    found = [
        Language(spelling[key], tuple(orgs), shared_by_all=len(orgs) == everyone)
        for key, orgs in users.items()
    ]
    return tuple(sorted(found, key=lambda lang: (-len(lang.organizations), lang.language)))


def next_working_day(today: date, working_days: frozenset[int] = frozenset(range(5))) -> date:
    """The first date after `today` that is one of `working_days` (weekday() numbers)."""
    day = today + timedelta(days=1)
    for _ in range(7):
        if day.weekday() in working_days:
            return day
        day += timedelta(days=1)
    return day


def _local_day(member: MemberCulture, day: date) -> tuple[datetime, datetime]:
    zone = ZoneInfo(member.time_zone)
    start = datetime.combine(day, member.hours_start, tzinfo=zone)  # type: ignore[arg-type]
    end = datetime.combine(day, member.hours_end, tzinfo=zone)  # type: ignore[arg-type]
    return start, end


def _intervals(member: MemberCulture, day: date) -> list[tuple[datetime, datetime]]:
    """The member's working hours in UTC on its working days around `day`."""
    intervals = []
    for shift in (-1, 0, 1):
        local = day + timedelta(days=shift)
        if local.weekday() not in member.working_days:
            continue
        start, end = _local_day(member, local)
        start, end = start.astimezone(UTC), end.astimezone(UTC)
        if start < end:  # a start in a skipped daylight-saving hour can meet the end
            intervals.append((start, end))
    return intervals


def _intersect(a, b):
    found = []
    for s1, e1 in a:
        for s2, e2 in b:
            start, end = max(s1, s2), min(e1, e2)
            if start < end:
                found.append((start, end))
    return sorted(found)


def _windows(members: Sequence[MemberCulture], day: date) -> tuple[Window, ...]:
    """Common hours of `members` within the first one's working hours on `day`."""
    anchor_start, anchor_end = (t.astimezone(UTC) for t in _local_day(members[0], day))
    common = [(anchor_start, anchor_end)]
    for member in members[1:]:
        common = _intersect(common, _intervals(member, day))
    return tuple(
        Window(
            start,
            end,
            tuple(
                LocalWindow(
                    m.organization,
                    m.time_zone,
                    start.astimezone(ZoneInfo(m.time_zone)),
                    end.astimezone(ZoneInfo(m.time_zone)),
                )
                for m in members
            ),
        )
        for start, end in common
    )


def _hour_of_day(moment: datetime) -> float:
    moment = moment.astimezone(UTC)
    return moment.hour + moment.minute / 60


def _circular_distance(a: float, b: float) -> float:
    gap = abs(a - b) % 24
    return min(gap, 24 - gap)


def _furthest_out(members: Sequence[MemberCulture], day: date) -> MemberCulture:
    """The member whose working day lies furthest, in total, from the others'.

    Each working day is placed by its middle in UTC, and distances are measured around the
    clock (23:00 and 01:00 are two hours apart). On a tie the later member is named, so the
    host, listed first, is named only when it really is the one furthest out.
    """
    middles = []
    for member in members:
        start, end = _local_day(member, day)
        middles.append(_hour_of_day(start.astimezone(UTC) + (end - start) / 2))
    best, best_total = members[-1], -1.0
    for index, member in enumerate(members):
        total = round(sum(_circular_distance(middles[index], other) for other in middles), 6)
        if total >= best_total:
            best, best_total = member, total
    return best


def time_overlap(members: Sequence[MemberCulture], *, now: datetime) -> Overlap:
    """The common working hours of `members` on the next working day of the first with hours."""
    with_hours = [m for m in members if m.has_hours]
    unknown = tuple(m.organization for m in members if not m.has_hours)
    if not with_hours:
        return Overlap(None, None, (), (), None, (), unknown)
    anchor = with_hours[0]
    day = next_working_day(now.astimezone(ZoneInfo(anchor.time_zone)).date(), anchor.working_days)
    hours = tuple(MemberHours(m.organization, m.time_zone, *_local_day(m, day)) for m in with_hours)
    if len(with_hours) < 2:
        return Overlap(day, anchor.organization, hours, (), None, (), unknown)
    windows = _windows(with_hours, day)
    furthest, without = None, ()
    if not windows:
        out = _furthest_out(with_hours, day)
        furthest = out.organization
        rest = [m for m in with_hours if m is not out]
        if len(rest) >= 2:
            without = _windows(rest, day)
    return Overlap(day, anchor.organization, hours, windows, furthest, without, unknown)
