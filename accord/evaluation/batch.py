"""What the scorecard's criteria read, loaded for many partnerships at once.

A `Batch` holds a chunk of partnerships (about 200 when every scorecard is recomputed, one when a
change is reflected) and loads each kind of record its criteria read for all of them in one
query, when a criterion first asks for it, grouped by partnership id. The criteria then compute
from these lists in Python, so that recomputing N partnerships costs a fixed number of queries
per chunk whatever N, and one partnership's recompute the same queries with one id in each.

Each load here reads what the pillar's own query reads for one partnership (the same filters and
the same order), so a criterion says the same from a batch of 200 as from a batch of one.
"""

from collections import defaultdict
from datetime import datetime
from functools import cached_property
from types import SimpleNamespace

from django.db.models import (
    Count,
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from accord.core import agreements
from accord.core.agreements import VersionStatus


def grouped(rows, key: str = "partnership_id") -> dict[int, list]:
    """Rows (objects or dicts) by their partnership id, in the order read."""
    found: dict[int, list] = defaultdict(list)
    for row in rows:
        found[row[key] if isinstance(row, dict) else getattr(row, key)].append(row)
    return dict(found)


def _default(value, default):
    return default if value is None else value


class Batch:
    """The records of a chunk of partnerships that the criteria read, each kind loaded once
    (when first asked for)."""

    def __init__(self, partnerships, now: datetime | None = None):
        """`partnerships`: their ids, or the partnerships themselves (then the contexts use
        them as they are)."""
        items = list(partnerships)
        self.ids = [getattr(p, "pk", p) for p in items]
        self.given = {p.pk: p for p in items if hasattr(p, "pk")}
        self.now = now or timezone.now()
        self.today = timezone.localdate(self.now)

    def of(self, name: str, pk: int, default=()):
        """What load `name` found for partnership `pk`."""
        return getattr(self, name).get(pk, default)

    # --- The partnerships, with what each has one of -------------------------------------------
    @cached_property
    def partnerships(self) -> dict:
        """The partnerships by id (those that exist), each with its commitments' counts
        (`kept`, `not_kept`, `late`), its engagement rhythm and ledger deadlines where set, and
        `has_input`: one query."""
        from accord.leadership.models import Commitment
        from accord.partnerships.models import Partnership
        from accord.relationships.models_engagements import EngagementRhythm
        from accord.relationships.models_ledger import Input, LedgerSettings

        S = Commitment.Status

        def count(**lookups):
            rows = (
                Commitment.objects.filter(partnership=OuterRef("pk"), **lookups)
                .order_by()
                .values("partnership")
                .annotate(n=Count("pk"))
                .values("n")
            )
            return Coalesce(Subquery(rows, output_field=IntegerField()), 0)

        def setting(model, name):
            return Subquery(model.objects.filter(partnership=OuterRef("pk")).values(name)[:1])

        rows = Partnership.objects.filter(pk__in=self.ids).annotate(
            kept=count(status=S.KEPT),
            not_kept=count(status=S.NOT_KEPT),
            late=count(status__in=(S.PLANNED, S.IN_PROGRESS), ends_on__lt=self.today),
            rhythm_days=setting(EngagementRhythm, "days"),
            ack_days=setting(LedgerSettings, "ack_days"),
            response_days=setting(LedgerSettings, "response_days"),
            has_input=Exists(Input.objects.active().filter(partnership=OuterRef("pk"))),
        )
        return {row.pk: row for row in rows.order_by("pk")}

    def figures(self, pk: int):
        """The partnership as `partnerships` loads it, with its counts and settings."""
        return self.partnerships[pk]

    # --- Members -----------------------------------------------------------------------------
    @cached_property
    def memberships(self) -> dict[int, list]:
        """Current memberships with their organizations, by organization name, each with
        `has_director` (a current project director) and `has_nominee` (a handover waiting for
        its nominee)."""
        from accord.core.access import Role
        from accord.leadership.models import ProjectDirectorHandover
        from accord.partnerships.models import Membership, PartnershipRole

        same = {
            "partnership": OuterRef("partnership_id"),
            "organization": OuterRef("organization_id"),
        }
        rows = (
            Membership.objects.current()
            .filter(partnership_id__in=self.ids)
            .annotate(
                has_director=Exists(
                    PartnershipRole.objects.filter(
                        **same, role=Role.PROJECT_DIRECTOR, archived_at__isnull=True
                    )
                ),
                has_nominee=Exists(
                    ProjectDirectorHandover.objects.filter(
                        **same, status=ProjectDirectorHandover.Status.PENDING
                    )
                ),
            )
            .values_list(
                "partnership_id",
                "pk",
                "kind",
                "organization_id",
                "organization__name",
                "has_director",
                "has_nominee",
            )
            .order_by("partnership_id", "organization__name", "pk")
        )
        found: dict[int, list] = defaultdict(list)
        for partnership_id, pk, kind, organization_id, name, director, nominee in rows:
            found[partnership_id].append(
                SimpleNamespace(
                    pk=pk,
                    kind=kind,
                    organization_id=organization_id,
                    organization=SimpleNamespace(pk=organization_id, name=name),
                    has_director=director,
                    has_nominee=nominee,
                )
            )
        return dict(found)

    def hosts_first(self, pk: int) -> list:
        """The memberships in the pillars' order: hosts first, then by organization name."""
        return sorted(self.of("memberships", pk), key=lambda m: m.kind)

    # --- Texts every member endorses: the charter (A3) and the measures set (M1) -------------
    def _versions(self, model) -> dict[int, tuple[list, list]]:
        """Each partnership's versions, newest first, and the (version id, organization id) of
        their endorsements: one query (the versions joined with their endorsements)."""
        rows = (
            model.objects.filter(partnership_id__in=self.ids)
            .values_list("pk", "partnership_id", "number", "status", "endorsements__organization")
            .order_by("partnership_id", "-number")
        )
        versions: dict[int, dict] = defaultdict(dict)
        pairs: dict[int, list] = defaultdict(list)
        for pk, partnership_id, number, status, organization_id in rows:
            versions[partnership_id].setdefault(
                pk, SimpleNamespace(pk=pk, number=number, status=status)
            )
            if organization_id is not None:
                pairs[partnership_id].append((pk, organization_id))
        return {pk: (list(found.values()), pairs[pk]) for pk, found in versions.items()}

    @cached_property
    def charter(self):
        from accord.alignment.models import CharterVersion

        return self._versions(CharterVersion)

    @cached_property
    def measures(self):
        from accord.measurement.models import MeasuresVersion

        return self._versions(MeasuresVersion)

    def agreement(self, kind: str, pk: int):
        """Where the text of `kind` ("charter" or "measures") stands, as `agreements.
        agreement_for` says, and the version agreed (`agreements.agreed_version`)."""
        versions, pairs = self.of(kind, pk, ([], []))
        memberships = self.hosts_first(pk)
        member_ids = [m.organization_id for m in memberships]
        finals = [v for v in versions if v.status == VersionStatus.FINAL]
        final = finals[0] if finals else None
        working = next((v for v in versions if v.status != VersionStatus.FINAL), None)
        endorsers = {o for v, o in pairs if final is not None and v == final.pk}
        rows = [
            agreements.MemberEndorsement(m, True if m.organization_id in endorsers else None)
            for m in memberships
        ]
        agreement = agreements.Agreement(
            agreed=agreements.agreed(member_ids, pairs, final.pk if final else None),
            latest_final=final,
            working=working,
            members=rows,
        )
        agreed_version = next(
            (v for v in finals if agreements.agreed(member_ids, pairs, v.pk)), None
        )
        return agreement, agreed_version

    # --- Leadership ----------------------------------------------------------------------------
    @cached_property
    def mous(self):
        from accord.leadership.models import Mou

        return grouped(
            Mou.objects.filter(partnership_id__in=self.ids)
            .only("pk", "partnership_id", "title", "status", "executed_at", "expires_on")
            .order_by("partnership_id", "-executed_at", "-pk")
        )

    # --- Relationships -------------------------------------------------------------------------
    @cached_property
    def affected_groups(self):
        """Active affected groups with their stakeholder group, by group name."""
        from accord.relationships.models import AffectedGroup

        rows = (
            AffectedGroup.objects.active()
            .filter(partnership_id__in=self.ids)
            .values_list("partnership_id", "group_id", "group__name", "group__reference_share")
            .order_by("partnership_id", "group__name", "pk")
        )
        found: dict[int, list] = defaultdict(list)
        for partnership_id, group_id, name, share in rows:
            found[partnership_id].append(
                SimpleNamespace(group_id=group_id, name=name, reference_share=share)
            )
        return dict(found)

    @cached_property
    def bodies(self):
        """Active planning bodies, by name, each with `seats` (current) and `meetings`, as the
        representation analysis takes them, with the seats' attendance and contributions (five
        queries in all)."""
        from accord.relationships import representation
        from accord.relationships.models import Attendance, Body, BodyMeeting, Contribution, Seat

        bodies = [
            SimpleNamespace(pk=pk, partnership_id=partnership_id, name=name)
            for pk, partnership_id, name in Body.objects.active()
            .filter(partnership_id__in=self.ids)
            .values_list("pk", "partnership_id", "name")
            .order_by("partnership_id", "name", "pk")
        ]
        ids = [b.pk for b in bodies]
        seats, meetings = [], []
        present, spoken = defaultdict(set), defaultdict(dict)
        if ids:
            seats = list(
                Seat.objects.filter(body__in=ids, since__lte=self.today)
                .filter(Q(until__isnull=True) | Q(until__gte=self.today))
                .values_list("pk", "body_id", "group_id", "votes")
                .order_by("pk")
            )
            meetings = list(
                BodyMeeting.objects.filter(body__in=ids)
                .values_list("pk", "body_id", "held_on")
                .order_by("-held_on", "-pk")
            )
        if seats:
            # The seats are those of the bodies: filtering by body joins no seat id list.
            for seat_id, meeting_id in Attendance.objects.filter(
                seat__body__in=ids, present=True
            ).values_list("seat_id", "meeting_id"):
                present[seat_id].add(meeting_id)
            for seat_id, meeting_id, n in (
                Contribution.objects.filter(seat__body__in=ids)
                .values("seat_id", "meeting_id")
                .annotate(n=Count("pk"))
                .values_list("seat_id", "meeting_id", "n")
                .order_by()
            ):
                spoken[seat_id][meeting_id] = n
        seats_of, meetings_of = defaultdict(list), defaultdict(list)
        for pk, body_id, group_id, votes in seats:
            seats_of[body_id].append(
                representation.Seat(pk, group_id, votes, frozenset(present[pk]), dict(spoken[pk]))
            )
        for pk, body_id, held_on in meetings:
            meetings_of[body_id].append(representation.Meeting(pk, held_on))
        for body in bodies:
            body.seats, body.meetings = seats_of[body.pk], meetings_of[body.pk]
        return grouped(bodies)

    @cached_property
    def planning(self):
        """Planning engagements that took place, oldest first, each with `present_groups`: one
        query (the engagements joined with the groups present)."""
        from accord.relationships.models_engagements import Engagement

        rows = (
            Engagement.objects.active()
            .filter(
                partnership_id__in=self.ids,
                kind=Engagement.Kind.PLANNING,
                starts_at__lte=self.now,
            )
            .values_list(
                "pk", "partnership_id", "title", "starts_at", "time_zone", "level", "groups"
            )
            .order_by("partnership_id", "starts_at", "pk")
        )
        held: dict[int, dict] = defaultdict(dict)
        for pk, partnership_id, title, starts_at, time_zone, level, group_id in rows:
            engagement = held[partnership_id].setdefault(
                pk,
                SimpleNamespace(
                    pk=pk,
                    title=title,
                    starts_at=starts_at,
                    time_zone=time_zone,
                    level=level,
                    present_groups=set(),
                ),
            )
            if group_id is not None:
                engagement.present_groups.add(group_id)
        for found in held.values():
            for engagement in found.values():
                engagement.present_groups = frozenset(engagement.present_groups)
        return {pk: list(found.values()) for pk, found in held.items()}

    @cached_property
    def open_inputs(self):
        """Open input with what its deadlines need (`queries_ledger.mark_deadlines`)."""
        from accord.relationships.models_ledger import (
            DEFAULT_ACK_DAYS,
            DEFAULT_RESPONSE_DAYS,
            Input,
        )

        rows = (
            Input.objects.active()
            .filter(partnership_id__in=self.ids, status=Input.Status.OPEN)
            .values(
                "partnership_id",
                "status",
                "archived_at",
                "received_at",
                "acknowledged_at",
                "responded_at",
            )
            .order_by()
        )
        found: dict[int, list] = defaultdict(list)
        for row in rows:
            figures = self.figures(row["partnership_id"])
            found[row["partnership_id"]].append(
                SimpleNamespace(
                    **row,
                    ack_days=_default(figures.ack_days, DEFAULT_ACK_DAYS),
                    response_days=_default(figures.response_days, DEFAULT_RESPONSE_DAYS),
                )
            )
        return dict(found)

    @cached_property
    def last_met(self) -> dict[int, dict]:
        """When each pair of organizations (smaller id first) last took part in the same
        engagement that has started, by partnership (`queries_engagements.cadence_of`)."""
        from accord.relationships.models_engagements import EngagementAttendee

        rows = (
            EngagementAttendee.objects.filter(
                engagement__partnership_id__in=self.ids,
                engagement__archived_at__isnull=True,
                engagement__starts_at__lte=self.now,
                organization_id__lt=F("engagement__attendees__organization_id"),
            )
            .values(
                "organization_id",
                partnership=F("engagement__partnership_id"),
                other=F("engagement__attendees__organization_id"),
            )
            .annotate(last=Max("engagement__starts_at"))
            .order_by()
        )
        found: dict[int, dict] = defaultdict(dict)
        for row in rows:
            found[row["partnership"]][(row["organization_id"], row["other"])] = row["last"]
        return dict(found)

    @cached_property
    def trust(self) -> dict[int, tuple]:
        """The latest closed trust wave of each partnership, with its organizations (by name)
        and its ratings: (wave, organizations, ratings)."""
        from accord.relationships import queries_trust
        from accord.relationships import trust_metrics as metrics
        from accord.relationships.models_trust import TrustRating, TrustWave, TrustWaveMember

        waves: dict[int, object] = {}
        for wave in (
            TrustWave.objects.filter(partnership_id__in=self.ids)
            .filter(Q(closed_at__isnull=False) | Q(closes_on__lt=self.today))
            .only("pk", "partnership_id", "title", "closes_on")
            .order_by("partnership_id", "-closes_on", "-pk")
        ):
            waves.setdefault(wave.partnership_id, wave)
        if not waves:
            return {}
        wave_ids = [w.pk for w in waves.values()]
        organizations = grouped(
            TrustWaveMember.objects.filter(wave__in=wave_ids).select_related("organization"),
            "wave_id",
        )
        trust_names = [name for name, _ in queries_trust.TRUST_ITEMS]
        value_names = [name for name, _ in queries_trust.VALUE_ITEMS]
        ratings: dict[int, list] = defaultdict(list)
        for row in TrustRating.objects.filter(response__wave__in=wave_ids).values(
            "response__wave_id",
            "response__organization_id",
            "rated_id",
            "intensity",
            *trust_names,
            *value_names,
        ):
            ratings[row["response__wave_id"]].append(
                metrics.Rating(
                    rater=row["response__organization_id"],
                    rated=row["rated_id"],
                    trust=metrics.pair_score(row[name] for name in trust_names),
                    value=metrics.pair_score(row[name] for name in value_names),
                    intensity=row["intensity"],
                )
            )
        found = {}
        for pk, wave in waves.items():
            members = sorted(
                (m.organization for m in organizations.get(wave.pk, [])),
                key=lambda org: (org.name.lower(), org.pk),
            )
            found[pk] = (wave, members, ratings.get(wave.pk, []))
        return found

    # --- Shared measurement --------------------------------------------------------------------
    @cached_property
    def periods_due(self):
        """Reporting periods past their due date, oldest first, each with `approved`: the
        organizations whose submission for it is approved (one query, the periods joined with
        their approved submissions)."""
        from accord.measurement.models_collection import ReportingPeriod, Submission

        approved = Q(submissions__status=Submission.Status.APPROVED)
        rows = (
            ReportingPeriod.objects.filter(partnership_id__in=self.ids, due_on__lt=self.today)
            .annotate(approved=FilteredRelation("submissions", condition=approved))
            .values_list("pk", "partnership_id", "label", "due_on", "approved__organization")
            .order_by("partnership_id", "due_on", "pk")
        )
        periods: dict[int, dict] = defaultdict(dict)
        for pk, partnership_id, label, due_on, organization_id in rows:
            period = periods[partnership_id].setdefault(
                pk, SimpleNamespace(pk=pk, label=label, due_on=due_on, approved=set())
            )
            if organization_id is not None:
                period.approved.add(organization_id)
        return {pk: list(found.values()) for pk, found in periods.items()}

    # --- The collaboration survey --------------------------------------------------------------
    @cached_property
    def survey(self) -> dict[int, tuple]:
        """The latest survey wave of each partnership with results to show (enough answers),
        with its factors' scores: (wave, [(factor, score, status)]), as
        `surveys.queries.latest_factor_scores` finds them."""
        from accord.surveys import queries as survey_queries
        from accord.surveys import scoring
        from accord.surveys.models import SurveyWave

        k = survey_queries.min_respondents()
        waves: dict[int, object] = {}
        for wave in (
            SurveyWave.objects.filter(partnership_id__in=self.ids)
            .annotate(answers=Count("responses"))
            .filter(answers__gte=k)
            .only("pk", "partnership_id", "instrument_id", "title", "opens_on")
            .order_by("partnership_id", "-opens_on", "-pk")
        ):
            waves.setdefault(wave.partnership_id, wave)
        if not waves:
            return {}
        # The survey's own sums and means (what its results page shows), for every wave at once.
        means = survey_queries._means(survey_queries._sums(list(waves.values())))
        factors: dict[int, list] = defaultdict(list)
        for factor in survey_queries.factors_of({w.instrument_id for w in waves.values()}):
            factors[factor.category.instrument_id].append(factor)
        found = {}
        for pk, wave in waves.items():
            scores = []
            for factor in factors.get(wave.instrument_id, []):
                score = scoring.total([m for _, _, m in means.get((wave.pk, factor.key), [])], k)
                scores.append((factor, score.score, score.status or "hidden"))
            found[pk] = (wave, scores)
        return found
