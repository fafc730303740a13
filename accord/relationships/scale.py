"""Pillar 3's rows for `accord seed --scale N`, registered with `register_scale`.

For each generated partnership: the stakeholder groups its work affects (from a pool of groups in
the directory, with the member organizations that represent them), a planning body for most, with
seats held by people of the member organizations, a year of monthly meetings with attendance and
contributions, and engagements with their attendees and the groups present. Every row streams
through the one bulk path (accord/core/bulk.py) with its history row, partnership by partnership,
so that memory does not grow with N. Values are valid by construction: seats are held by people
of member organizations, meetings and engagements lie in the past, each attendance row is unique
per seat and meeting.
"""

from datetime import UTC, datetime, time, timedelta

from django.utils import timezone

from accord.core.bulk import BulkWriter
from accord.directory.models import GroupRepresentation, Person, StakeholderGroup
from accord.partnerships.scale import PLACE_ENDS, PLACE_STARTS

from .models import AffectedGroup, Attendance, Body, BodyMeeting, Contribution, Seat
from .models_engagements import Engagement, EngagementAttendee, EngagementGroup

GROUP_NOUNS = (
    "residents",
    "tenants",
    "students",
    "families",
    "elders",
    "small businesses",
    "farmworkers",
    "commuters",
)
GROUPS_PER_TEN = 3  # the pool of groups: three for every ten partnerships, at least twelve
LEVELS = [c for c, _ in Person.Level.choices]
ENGAGEMENT_KINDS = [c for c, _ in Engagement.Kind.choices]
PARTICIPATION = [c for c, _ in Engagement.Level.choices]
CONTRIBUTIONS = [c for c, _ in Contribution.Kind.choices]
MODELS = (
    StakeholderGroup,
    GroupRepresentation,
    AffectedGroup,
    Body,
    Seat,
    BodyMeeting,
    Attendance,
    Contribution,
    Engagement,
    EngagementGroup,
    EngagementAttendee,
)


def _groups(context, out, representations) -> list[int]:
    """The pool of groups, each represented by one or two organizations of the portfolio."""
    rng = context.rng
    organizations = list(context.people_of)
    pool, taken = [], set()
    for _ in range(max(12, context.n * GROUPS_PER_TEN // 10)):
        name = ""
        for _attempt in range(20):
            place = rng.choice(PLACE_STARTS) + rng.choice(PLACE_ENDS)
            name = f"{place} {rng.choice(GROUP_NOUNS)}"
            if name not in taken:
                break
        serial = 2
        base = name
        while name in taken:
            name, serial = f"{base} {serial}", serial + 1
        taken.add(name)
        share = rng.choice([None, "0.0500", "0.1000", "0.2000", "0.3000"])
        group_id = out.add(
            {
                "name": name,
                "description": f"The {name} the partnerships' work reaches.",
                "how_affected": "Projects are built where they live, study or work.",
                "reference_share": share,
            }
        )
        pool.append(group_id)
        for organization_id in rng.sample(organizations, min(len(organizations), 2)):
            representations.add(
                {
                    "group_id": group_id,
                    "organization_id": organization_id,
                    "how": rng.choice(["led_by", "serves", "includes"]),
                }
            )
    return pool


def build(context) -> dict[str, int]:
    """Write pillar 3's rows for every partnership of `context` (a ScaleContext)."""
    rng = context.rng
    now = timezone.now()
    today = timezone.localdate()

    def writer(model):
        return BulkWriter(model, history_reason=context.reason, history_date=now)

    out = {model: writer(model) for model in MODELS}
    pool = _groups(context, out[StakeholderGroup], out[GroupRepresentation])
    out[StakeholderGroup].close()
    for partnership_id in context.partnerships:
        members = context.members[partnership_id]
        affected = rng.sample(pool, rng.randint(1, 3))
        for group_id in affected:
            out[AffectedGroup].add({"partnership_id": partnership_id, "group_id": group_id})
        people = [(p, org) for org in members for p in context.people_of[org]]
        organization_of = dict(people)
        holders = sorted({person for person, _role in context.role_holders[partnership_id]})
        seated = [(p, organization_of[p]) for p in holders if p in organization_of]
        if rng.random() < 0.7:
            _body(rng, out, partnership_id, seated, affected, today)
        _engagements(rng, out, partnership_id, people, affected, now)
    counts = {"stakeholder groups": out[StakeholderGroup].written}
    names = {
        GroupRepresentation: "group representations",
        AffectedGroup: "affected groups",
        Body: "bodies",
        Seat: "seats",
        BodyMeeting: "body meetings",
        Attendance: "attendance records",
        Contribution: "contributions",
        Engagement: "engagements",
        EngagementGroup: "groups present",
        EngagementAttendee: "attendees",
    }
    for model, name in names.items():
        counts[name] = out[model].close()
    return counts


def _body(rng, out, partnership_id, people, affected, today) -> None:
    since = today - timedelta(days=400)
    body_id = out[Body].add(
        {
            "partnership_id": partnership_id,
            "name": "Planning committee",
            "kind": Body.Kind.COMMITTEE,
            "purpose": "Plans the partnership's work with the communities it affects.",
        }
    )
    seats = []
    for person_id, organization_id in rng.sample(people, min(len(people), rng.randint(4, 7))):
        seat_id = out[Seat].add(
            {
                "body_id": body_id,
                "person_id": person_id,
                "organization_id": organization_id,
                "group_id": rng.choice(affected) if rng.random() < 0.4 else None,
                "votes": rng.random() < 0.85,
                "since": since,
            }
        )
        seats.append(seat_id)
    for month in range(rng.randint(4, 12)):
        meeting_id = out[BodyMeeting].add(
            {
                "body_id": body_id,
                "held_on": since + timedelta(days=30 * month + 14),
                "title": f"Meeting {month + 1}",
            }
        )
        for seat_id in seats:
            present = rng.random() < 0.85
            out[Attendance].add({"meeting_id": meeting_id, "seat_id": seat_id, "present": present})
            if present and rng.random() < 0.5:
                out[Contribution].add(
                    {
                        "meeting_id": meeting_id,
                        "seat_id": seat_id,
                        "kind": rng.choice(CONTRIBUTIONS),
                    }
                )


def _engagements(rng, out, partnership_id, people, affected, now) -> None:
    for _ in range(rng.randint(3, 8)):
        day = (now - timedelta(days=rng.randint(1, 365))).date()
        starts = datetime.combine(day, time(rng.randint(9, 17)), tzinfo=UTC)
        kind = rng.choice(ENGAGEMENT_KINDS)
        engagement_id = out[Engagement].add(
            {
                "partnership_id": partnership_id,
                "title": f"{dict(Engagement.Kind.choices)[kind]} of {day:%B %Y}",
                "kind": kind,
                "level": rng.choice(PARTICIPATION),
                "starts_at": starts,
                "ends_at": starts + timedelta(hours=2),
                "time_zone": "UTC",
                "link": "https://meet.example.org/scale",
            }
        )
        for group_id in rng.sample(affected, rng.randint(0, len(affected))):
            out[EngagementGroup].add({"engagement_id": engagement_id, "group_id": group_id})
        for person_id, organization_id in rng.sample(people, min(len(people), rng.randint(2, 6))):
            out[EngagementAttendee].add(
                {
                    "engagement_id": engagement_id,
                    "person_id": person_id,
                    "organization_id": organization_id,
                    "level": rng.choice(LEVELS),
                }
            )
