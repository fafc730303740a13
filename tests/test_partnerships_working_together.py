"""Working together (A4): the summary's rules on plain data, the partnership page and the API."""

from datetime import UTC, date, datetime, time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.directory.culture import (
    EN_DASH,
    MemberCulture,
    OrgRef,
    next_working_day,
    summarize,
    time_overlap,
)
from accord.directory.models import CultureProfile
from accord.partnerships import queries, services
from tests.factories import MembershipFactory, OrganizationFactory

NY, LONDON, TOKYO = OrgRef(1, "New York Office"), OrgRef(2, "London Office"), OrgRef(3, "Tokyo")
LA, PHOENIX, DENVER = OrgRef(4, "Los Angeles"), OrgRef(5, "Phoenix"), OrgRef(6, "Denver")


def member(org, zone="", start=None, end=None, languages=(), needs="", profile=True, days=range(5)):
    return MemberCulture(
        org,
        has_profile=profile,
        languages=tuple(languages),
        time_zone=zone,
        hours_start=start,
        hours_end=end,
        accessibility_needs=needs,
        working_days=frozenset(days),
    )


def nine_to_five(org, zone):
    return member(org, zone, time(9), time(17))


def at(year, month, day, hour=12, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def plain(label: str) -> str:
    """Labels use a typographic dash between times; tests spell it with a hyphen."""
    return label.replace(EN_DASH, "-")


def utc(window) -> tuple[str, str]:
    return (window.start.strftime("%a %d %H:%M"), window.end.strftime("%a %d %H:%M"))


# --- The rules, on plain data -------------------------------------------------------------------
class TestNextWorkingDay:
    @pytest.mark.parametrize(
        ("today", "expected"),
        [
            (date(2026, 3, 6), date(2026, 3, 9)),  # Friday -> Monday
            (date(2026, 3, 7), date(2026, 3, 9)),  # Saturday -> Monday
            (date(2026, 3, 8), date(2026, 3, 9)),  # Sunday -> Monday
            (date(2026, 3, 9), date(2026, 3, 10)),  # Monday -> Tuesday
        ],
    )
    def test_is_the_next_monday_to_friday(self, today, expected):
        assert next_working_day(today) == expected

    def test_follows_the_organizations_own_working_days(self):
        sunday_to_thursday = frozenset({6, 0, 1, 2, 3})
        assert next_working_day(date(2026, 3, 5), sunday_to_thursday) == date(2026, 3, 8)
        assert next_working_day(date(2026, 3, 8), sunday_to_thursday) == date(2026, 3, 9)

    def test_today_is_taken_on_the_first_organizations_clock(self):
        # Sunday 20:00 UTC is already Monday morning in Tokyo: its next working day is Tuesday.
        overlap = time_overlap(
            [nine_to_five(TOKYO, "Asia/Tokyo"), nine_to_five(NY, "America/New_York")],
            now=at(2026, 3, 8, 20),
        )
        assert overlap.day == date(2026, 3, 10)
        assert overlap.anchor == TOKYO


class TestWorkingDays:
    """Jerusalem works Sunday to Thursday; New York Monday to Friday."""

    JERUSALEM = OrgRef(7, "Jerusalem")

    def test_the_summary_looks_at_the_first_organizations_next_working_day(self):
        jerusalem = member(
            self.JERUSALEM, "Asia/Jerusalem", time(9), time(17), days={6, 0, 1, 2, 3}
        )
        new_york = nine_to_five(NY, "America/New_York")
        # Thursday noon: Jerusalem's next working day is Sunday, when New York does not work.
        overlap = time_overlap([jerusalem, new_york], now=at(2026, 3, 5))
        assert overlap.day == date(2026, 3, 8)
        assert overlap.windows == ()
        # Sunday noon: Monday, when both work (09:00-11:00 in New York is 15:00-17:00 there).
        overlap = time_overlap([jerusalem, new_york], now=at(2026, 3, 8))
        assert overlap.day == date(2026, 3, 9)
        assert [utc(w) for w in overlap.windows] == [("Mon 09 13:00", "Mon 09 15:00")]

    def test_a_partner_who_does_not_work_that_day_shares_no_hours(self):
        # A Saturday-only partner shares nothing with a Monday-to-Friday office.
        weekend = member(LONDON, "Europe/London", time(9), time(17), days={5})
        overlap = time_overlap([nine_to_five(NY, "America/New_York"), weekend], now=at(2026, 3, 5))
        assert overlap.day == date(2026, 3, 6) and overlap.windows == ()

    def test_a_profiles_working_days_reach_the_summary(self):
        organization = OrganizationFactory.build(pk=9, name="Jerusalem")
        organization.culture_profile = CultureProfile(
            time_zone="Asia/Jerusalem",
            working_hours_start=time(9),
            working_hours_end=time(17),
            working_days=["sunday", "monday", "tuesday", "wednesday", "thursday"],
        )
        assert MemberCulture.of(organization).working_days == frozenset({6, 0, 1, 2, 3})


class TestTimeOverlapAcrossDaylightSaving:
    """New York and London change their clocks three weeks apart in spring."""

    MEMBERS = [nine_to_five(NY, "America/New_York"), nine_to_five(LONDON, "Europe/London")]

    @pytest.mark.parametrize(
        ("now", "day", "window", "new_york", "london"),
        [
            # Both on winter time: New York is five hours behind.
            (at(2026, 2, 27), date(2026, 3, 2), ("Mon 02 14:00", "Mon 02 17:00"),
             "Mon 09:00-12:00 EST", "Mon 14:00-17:00 GMT"),
            # New York moved on 8 March, London not until 29 March: four hours apart.
            (at(2026, 3, 6), date(2026, 3, 9), ("Mon 09 13:00", "Mon 09 17:00"),
             "Mon 09:00-13:00 EDT", "Mon 13:00-17:00 GMT"),
            # Both on summer time: five hours again.
            (at(2026, 3, 27), date(2026, 3, 30), ("Mon 30 13:00", "Mon 30 16:00"),
             "Mon 09:00-12:00 EDT", "Mon 14:00-17:00 BST"),
        ],
    )  # fmt: skip
    def test_common_window_in_utc_and_on_each_clock(self, now, day, window, new_york, london):
        overlap = time_overlap(self.MEMBERS, now=now)
        assert overlap.day == day and overlap.anchor == NY
        (found,) = overlap.windows
        assert utc(found) == window
        assert [plain(local.label) for local in found.local] == [new_york, london]
        assert overlap.furthest_out is None

    def test_hours_and_rows_for_the_table(self):
        overlap = time_overlap(self.MEMBERS, now=at(2026, 3, 6))
        assert [plain(h.label) for h in overlap.hours] == [
            "Mon 09:00-17:00 EDT",
            "Mon 09:00-17:00 GMT",
        ]
        assert [(h.organization, [plain(x) for x in shared]) for h, shared in overlap.rows] == [
            (NY, ["Mon 09:00-13:00 EDT"]),
            (LONDON, ["Mon 13:00-17:00 GMT"]),
        ]
        (window,) = overlap.windows
        assert (window.minutes, window.duration, plain(window.label)) == (
            240,
            "4 hours",
            "Mon 13:00-17:00 UTC",
        )

    @pytest.mark.parametrize(
        ("now", "hours"),
        [(at(2026, 1, 9), 8), (at(2026, 7, 10), 7)],
    )
    def test_phoenix_keeps_its_clock_while_denver_changes(self, now, hours):
        overlap = time_overlap(
            [nine_to_five(DENVER, "America/Denver"), nine_to_five(PHOENIX, "America/Phoenix")],
            now=now,
        )
        (window,) = overlap.windows
        assert window.minutes == hours * 60


class TestNoCommonHours:
    def test_names_the_organization_furthest_out_and_what_the_others_share(self):
        overlap = time_overlap(
            [
                nine_to_five(TOKYO, "Asia/Tokyo"),
                nine_to_five(NY, "America/New_York"),
                nine_to_five(LONDON, "Europe/London"),
            ],
            now=at(2026, 6, 5),
        )
        assert overlap.windows == ()
        assert overlap.furthest_out == TOKYO  # listed first, and still the one furthest out
        (others,) = overlap.without_furthest
        assert utc(others) == ("Mon 08 13:00", "Mon 08 16:00")
        assert [h.organization for h, _ in overlap.rows] == [TOKYO, NY, LONDON]
        assert [[plain(x) for x in shared] for _, shared in overlap.rows] == [
            [],
            ["Mon 09:00-12:00 EDT"],
            ["Mon 14:00-17:00 BST"],
        ]

    def test_of_two_the_later_one_is_named(self):
        overlap = time_overlap(
            [nine_to_five(NY, "America/New_York"), nine_to_five(TOKYO, "Asia/Tokyo")],
            now=at(2026, 6, 5),
        )
        assert (overlap.windows, overlap.furthest_out, overlap.without_furthest) == (
            (),
            TOKYO,
            (),
        )

    def test_a_partner_whose_day_is_still_sunday_does_not_work(self):
        # Monday morning in Tokyo is Sunday afternoon in Los Angeles.
        members = [
            member(TOKYO, "Asia/Tokyo", time(8), time(17)),
            nine_to_five(LA, "America/Los_Angeles"),
        ]
        overlap = time_overlap(members, now=at(2026, 6, 5))
        assert overlap.day == date(2026, 6, 8) and overlap.windows == ()

    def test_a_window_across_midnight_utc_and_the_date_line(self):
        # Monday 16:00-17:00 in Los Angeles is Tuesday 08:00-09:00 in Tokyo.
        members = [
            nine_to_five(LA, "America/Los_Angeles"),
            member(TOKYO, "Asia/Tokyo", time(8), time(17)),
        ]
        (window,) = time_overlap(members, now=at(2026, 6, 5)).windows
        assert utc(window) == ("Mon 08 23:00", "Tue 09 00:00")
        assert [plain(local.label) for local in window.local] == [
            "Mon 16:00-17:00 PDT",
            "Tue 08:00-09:00 JST",
        ]


class TestNotEnoughData:
    def test_members_without_time_zone_or_hours_are_unknown(self):
        members = [
            nine_to_five(NY, "America/New_York"),
            member(LONDON, "Europe/London"),  # no hours
            member(TOKYO, "", time(9), time(17)),  # no time zone
            member(LA, "Mars/Olympus_Mons", time(9), time(17)),  # not a time zone
            member(DENVER, profile=False),
        ]
        overlap = time_overlap(members, now=at(2026, 6, 5))
        assert not overlap.enough_data and overlap.windows == ()
        assert overlap.unknown == (LONDON, TOKYO, LA, DENVER)
        assert [h.organization for h in overlap.hours] == [NY]

    def test_nobody_with_hours(self):
        overlap = time_overlap([member(NY, profile=False)], now=at(2026, 6, 5))
        assert (overlap.day, overlap.anchor, overlap.hours, overlap.unknown) == (
            None,
            None,
            (),
            (NY,),
        )


class TestLanguagesAndAccessibility:
    def test_languages_with_who_uses_them_in_any_letter_case(self):
        summary = summarize(
            [
                member(NY, languages=["English", "Spanish"], needs="Captions (CART)."),
                member(LONDON, languages=["english", "ASL"]),
                member(TOKYO, languages=[], needs="  "),
                member(LA, profile=False),
            ],
            now=at(2026, 6, 5),
        )
        assert [(lang.language, lang.organizations) for lang in summary.languages] == [
            ("English", (NY, LONDON)),
            ("ASL", (LONDON,)),
            ("Spanish", (NY,)),
        ]
        assert summary.languages_unknown == (TOKYO, LA)
        assert [(n.organization, n.needs) for n in summary.accessibility] == [
            (NY, "Captions (CART)."),
            (LONDON, ""),
            (TOKYO, ""),
        ]
        assert summary.accessibility_unknown == (LA,)

    def test_a_language_every_member_uses_is_marked(self):
        summary = summarize(
            [member(NY, languages=["English"]), member(LONDON, languages=["English", "Welsh"])],
            now=at(2026, 6, 5),
        )
        assert [(lang.language, lang.shared_by_all) for lang in summary.languages] == [
            ("English", True),
            ("Welsh", False),
        ]


# --- The partnership page and the API -----------------------------------------------------------
def profile(organization, **fields):
    values = {
        "languages": ["English"],
        "time_zone": "America/New_York",
        "working_hours_start": time(9),
        "working_hours_end": time(17),
        "accessibility_needs": "",
    }
    return CultureProfile.objects.create(organization=organization, **{**values, **fields})


@pytest.mark.django_db
class TestOnThePartnershipPage:
    @pytest.fixture
    def profiles(self, cast):
        profile(
            cast.host,
            languages=["English", "Spanish"],
            accessibility_needs="Live captions at every meeting.",
        )
        profile(
            cast.partner,
            languages=["English", "Navajo"],
            time_zone="America/Phoenix",
            working_hours_start=time(8),
            working_hours_end=time(16),
        )

    def url(self, cast):
        return reverse("partnerships:detail", args=[cast.own.pk])

    def test_a_viewer_sees_languages_hours_and_needs(self, cast, client, profiles):
        client.force_login(cast.users["viewer"])
        response = client.get(self.url(cast))
        text = response.text
        section = text.split('id="working-together-heading"')[1].split('id="roles-heading"')[0]
        for shown in ("Navajo", "Spanish", "every member", "Live captions at every meeting."):
            assert shown in section
        assert "Common working hours" in section and "UTC" in section
        summary = response.context["working_together"]
        assert len(summary.overlap.windows) == 1
        assert summary.accessibility_unknown == ()

    def test_a_member_without_profile_is_listed_as_unknown(self, cast, client):
        profile(cast.host)
        client.force_login(cast.users["viewer"])
        response = client.get(self.url(cast))
        summary = response.context["working_together"]
        assert [o.name for o in summary.accessibility_unknown] == ["Partner University"]
        assert [o.name for o in summary.languages_unknown] == ["Partner University"]
        assert "Fewer than two member organizations have given" in response.text
        assert "No culture profile yet from:" in response.text

    def test_former_members_are_left_out(self, cast, client, profiles):
        leaver = OrganizationFactory(name="Former Member")
        profile(leaver, languages=["Klingon"])
        membership = MembershipFactory(partnership=cast.own, organization=leaver)
        services.membership_archive(membership=membership)
        client.force_login(cast.users["viewer"])
        assert "Klingon" not in client.get(self.url(cast)).text

    def test_an_archived_partnership_shares_no_profiles_with_its_members(
        self, cast, client, profiles
    ):
        services.partnership_archive(partnership=cast.own)
        client.force_login(cast.users["viewer"])
        response = client.get(self.url(cast))
        summary = response.context["working_together"]
        # The viewer's own organization (cast.partner) stays visible to them; the host's not.
        assert [n.organization.name for n in summary.accessibility] == ["Partner University"]
        assert "only while a partnership is not archived" in response.text
        client.force_login(cast.users["admin"])
        summary = client.get(self.url(cast)).context["working_together"]
        assert len(summary.accessibility) == 2


@pytest.mark.django_db
class TestApi:
    def url(self, partnership):
        return f"/api/v1/partnerships/{partnership.pk}/working-together"

    def test_the_summary_as_json(self, cast, client):
        profile(cast.host, languages=["English", "Spanish"], accessibility_needs="Captions.")
        profile(cast.partner, time_zone="Europe/London")
        client.force_login(cast.users["stakeholder"])
        body = client.get(self.url(cast.own)).json()
        assert [(lang["language"], lang["shared_by_all"]) for lang in body["languages"]] == [
            ("English", True),
            ("Spanish", False),
        ]
        overlap = body["overlap"]
        assert overlap["enough_data"] and overlap["anchor"]["name"] == "Host Society"
        (window,) = overlap["windows"]
        assert window["minutes"] in (180, 240)  # 240 in the weeks the clocks change apart
        assert window["start"].endswith("Z")
        assert window["local"][0]["organization"]["name"] == "Host Society"
        assert window["local"][0]["start"][-6:] in ("-04:00", "-05:00")
        assert body["accessibility"][0] == {
            "organization": {"id": cast.host.pk, "name": "Host Society"},
            "needs": "Captions.",
        }

    def test_outsider_and_the_other_partnership_are_404(self, cast, client):
        client.force_login(cast.users["outsider"])
        assert client.get(self.url(cast.own)).status_code == 404
        client.force_login(cast.users["steward"])
        assert client.get(self.url(cast.other)).status_code == 404


@pytest.mark.django_db
class TestQueryBudgets:
    """The page and the API cost the same with 5 and 50 member organizations with profiles."""

    @staticmethod
    def count(client, url) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    @staticmethod
    def add(cast, n):
        for organization in OrganizationFactory.create_batch(n):
            MembershipFactory(partnership=cast.own, organization=organization)
            profile(organization, languages=["English", organization.name])

    @pytest.mark.parametrize(
        "url",
        [
            lambda cast: reverse("partnerships:detail", args=[cast.own.pk]),
            lambda cast: f"/api/v1/partnerships/{cast.own.pk}/working-together",
        ],
        ids=["page", "api"],
    )
    def test_five_and_fifty_members(self, cast, client, url):
        client.force_login(cast.users["viewer"])
        self.add(cast, 3)  # with the cast's two: 5 members
        five = self.count(client, url(cast))
        self.add(cast, 45)
        assert self.count(client, url(cast)) == five

    def test_one_query_loads_every_member_with_its_profile(self, cast, django_assert_num_queries):
        self.add(cast, 10)
        with django_assert_num_queries(1):
            summary = queries.working_together(cast.own, cast.users["admin"])
        assert len(summary.accessibility) == 10
