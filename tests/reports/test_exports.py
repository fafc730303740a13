"""CSV and XLSX exports of the lists (issue 15, item 6): each table read back in both formats holds
the rows its list shows the reader and nothing else, with the list's filters; a text that a
spreadsheet would run as a formula is neutralized; dates are dates and numbers numbers; the
number of queries does not grow with the number of rows."""

import csv
import io
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accord.alignment.services.assessments import assessment_start
from accord.leadership.models import Commitment
from accord.measurement.models_deliverables import Deliverable
from accord.relationships.models_engagements import Engagement, EngagementAttendee
from accord.relationships.models_ledger import Input
from accord.reports import exports
from tests.factories import OrganizationFactory, PersonFactory, StakeholderGroupFactory

pytestmark = pytest.mark.django_db

INJECTIONS = ["=1+2", "+CMD", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]
PARTNERSHIP_TABLES = ("assessments", "commitments", "engagements", "input", "deliverables")


def read(response, fmt: str) -> list[list]:
    """The rows of an export (the header first), read back as a spreadsheet user would."""
    body = b"".join(response.streaming_content)
    if fmt == "csv":
        assert body.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark"
        return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(body)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def sheet_of(response):
    return load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


def export_url(cast, table, fmt="csv", side="own"):
    return reverse("reports:export-table", args=[cast.partnership(side).pk, table, fmt])


def _now():
    return timezone.now().replace(microsecond=0)


def commitment(cast, partnership, description, person=None, **extra):
    person = person or cast.people["leader"]
    return Commitment.objects.create(
        partnership=partnership,
        person=person,
        organization=person.organization,
        kind="time",
        description=description,
        amount=Decimal("2.5"),
        unit="hours a month",
        starts_on=date(2026, 1, 15),
        **extra,
    )


def engagement(cast, partnership, title):
    found = Engagement.objects.create(
        partnership=partnership,
        title=title,
        starts_at=_now() - timedelta(days=3),
        ends_at=_now() - timedelta(days=3) + timedelta(hours=2),
        time_zone="America/Chicago",
    )
    EngagementAttendee.objects.create(
        engagement=found, person=cast.people["leader"], organization=cast.partner
    )
    EngagementAttendee.objects.create(engagement=found, name="A guest", organization=cast.host)
    found.groups.add(StakeholderGroupFactory())
    return found


def an_input(partnership, subject, **extra):
    return Input.objects.create(
        partnership=partnership,
        subject=subject,
        text="Please hold the meetings in the evening.",
        received_at=_now() - timedelta(days=2),
        **extra,
    )


def deliverable(cast, partnership, title, **extra):
    return Deliverable.objects.create(
        partnership=partnership,
        organization=cast.partner,
        title=title,
        due_on=date(2026, 6, 30),
        **extra,
    )


@pytest.fixture(scope="class")
def records(cast, django_db_blocker):
    """One of each record in the actors' partnership, and one in another partnership."""
    with django_db_blocker.unblock():
        made = {}
        for side in ("own", "other"):
            partnership = cast.partnership(side)
            candidate = OrganizationFactory(name=f"Candidate {side}")
            person = cast.people["leader"] if side == "own" else cast.people["other_steward"]
            made[side] = {
                "assessments": [assessment_start(partnership=partnership, candidate=candidate)],
                "commitments": [commitment(cast, partnership, f"Mentoring {side}", person)],
                "engagements": [engagement(cast, partnership, f"Meeting {side}")],
                "input": [
                    an_input(partnership, f"Evening meetings {side}", name="Ana", email="a@x.org"),
                    an_input(partnership, f"Anonymous {side}", anonymous=True),
                ],
                "deliverables": [deliverable(cast, partnership, f"Curriculum {side}")],
            }
        closed = an_input(cast.own, "Closed input")
        Input.objects.filter(pk=closed.pk).update(status="closed", close_reason="duplicate")
        made["closed"] = closed
        return made


def _first_column(rows) -> set:
    return {row[0] for row in rows[1:]}


class TestWhatEachReaderGets:
    @pytest.mark.parametrize("table", PARTNERSHIP_TABLES)
    @pytest.mark.parametrize("fmt", exports.FORMATS)
    def test_a_viewer_gets_the_rows_of_the_list_and_nothing_else(
        self, client, cast, records, table, fmt
    ):
        client.force_login(cast.users["viewer"])
        response = client.get(export_url(cast, table, fmt))
        assert response.status_code == 200
        assert response["Content-Type"].startswith(exports.CONTENT_TYPES[fmt].split(";")[0])
        today = timezone.localdate().isoformat()
        assert f"-{table}-{today}.{fmt}" in response["Content-Disposition"]
        rows = read(response, fmt)
        assert rows[0] == [c.header for c in exports.TABLES[table].columns_for(None, None)]
        found = _first_column(rows)
        if table == "commitments":
            assert found == {cast.people["leader"].name}
            assert {row[3] for row in rows[1:]} == {"Mentoring own"}
        elif table == "assessments":
            assert found == {"Candidate own"}
        elif table == "input":  # the list shows open input unless asked for the rest
            assert found == {"Evening meetings own", "Anonymous own"}
        else:
            assert found == {f"{records['own'][table][0].title}"}

    def test_someone_without_a_role_gets_not_found(self, client, cast, records):
        client.force_login(cast.users["outsider"])
        for table in (*PARTNERSHIP_TABLES, "values"):
            assert client.get(export_url(cast, table)).status_code == 404
        client.force_login(cast.users["viewer"])
        assert client.get(export_url(cast, "engagements", side="other")).status_code == 404

    def test_an_unknown_table_or_format_is_not_found(self, client, cast, records):
        client.force_login(cast.users["steward"])
        assert client.get(export_url(cast, "people")).status_code == 404  # a directory table
        assert client.get(export_url(cast, "secrets")).status_code == 404
        assert client.get(export_url(cast, "engagements", "pdf")).status_code == 404

    def test_input_shows_who_gave_it_and_keeps_anonymous_input_anonymous(
        self, client, cast, records
    ):
        client.force_login(cast.users["viewer"])
        rows = read(client.get(export_url(cast, "input") + "?status=all"), "csv")
        header = rows[0]
        by_subject = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
        assert set(by_subject) == {"Evening meetings own", "Anonymous own", "Closed input"}
        assert by_subject["Evening meetings own"]["From"] == "Ana"
        assert by_subject["Evening meetings own"]["Submitter's e-mail"] == "a@x.org"
        anonymous = by_subject["Anonymous own"]
        assert anonymous["From"] == "Anonymous"
        assert anonymous["Submitter's e-mail"] == anonymous["Submitter's organization"] == ""
        assert by_subject["Closed input"]["State"] == "Closed: duplicate"
        closed = read(client.get(export_url(cast, "input") + "?status=closed"), "csv")
        assert _first_column(closed) == {"Closed input"}

    def test_engagements_list_who_attended_and_the_groups(self, client, cast, records):
        client.force_login(cast.users["viewer"])
        rows = read(client.get(export_url(cast, "engagements")), "csv")
        row = dict(zip(rows[0], rows[1], strict=True))
        assert row["Who attended"] == (
            f"A guest ({cast.host.name}); {cast.people['leader'].name} ({cast.partner.name})"
        )
        assert row["Attendees"] == "2"
        assert row["Stakeholder groups"]
        assert row["Time zone"] == "America/Chicago"


class TestFilters:
    def test_each_list_filter_narrows_its_export(self, client, cast, records):
        client.force_login(cast.users["viewer"])
        planned = read(client.get(export_url(cast, "deliverables") + "?status=planned"), "csv")
        assert _first_column(planned) == {"Curriculum own"}
        delivered = read(client.get(export_url(cast, "deliverables") + "?status=delivered"), "csv")
        assert len(delivered) == 1  # the header only
        by_organization = f"?organization={cast.host.pk}"
        assert len(read(client.get(export_url(cast, "commitments") + by_organization), "csv")) == 1
        by_organization = f"?organization={cast.partner.pk}"
        assert len(read(client.get(export_url(cast, "commitments") + by_organization), "csv")) == 2
        decided = read(client.get(export_url(cast, "assessments") + "?status=decided"), "csv")
        assert len(decided) == 1
        opened = read(client.get(export_url(cast, "assessments", "xlsx") + "?status=open"), "xlsx")
        assert _first_column(opened) == {"Candidate own"}

    def test_the_directory_exports_follow_the_list_filters(self, client, cast, records):
        client.force_login(cast.users["outsider"])
        url = reverse("reports:export-list", args=["people", "csv"])
        rows = read(client.get(url, {"q": "Steward"}), "csv")
        assert _first_column(rows) == {"Steward Person", "Other Steward"}
        assert rows[0] == ["Name", "Title", "Organization", "Level", "E-mail address", "Archived"]
        url = reverse("reports:export-list", args=["organizations", "xlsx"])
        rows = read(client.get(url, {"q": "Candidate"}), "xlsx")
        assert _first_column(rows) == {"Candidate own", "Candidate other"}
        assert "People" in rows[0]

    def test_archived_directory_records_only_when_asked(self, client, cast, records):
        archived = OrganizationFactory(name="Candidate archived", archived_at=timezone.now())
        client.force_login(cast.users["viewer"])
        url = reverse("reports:export-list", args=["organizations", "csv"])
        assert archived.name not in _first_column(read(client.get(url, {"q": "Candidate"}), "csv"))
        rows = read(client.get(url, {"q": "Candidate", "include_archived": "on"}), "csv")
        assert archived.name in _first_column(rows)
        assert {row[-1] for row in rows[1:]} == {"", "archived"}


class TestCells:
    def test_formula_injection_is_neutralized_in_both_formats(self, client, cast, records):
        for text in INJECTIONS:
            commitment(cast, cast.own, text)
        client.force_login(cast.users["viewer"])
        rows = read(client.get(export_url(cast, "commitments")), "csv")
        descriptions = {row[3] for row in rows[1:]}
        assert {"'" + text for text in INJECTIONS} <= descriptions
        sheet = sheet_of(client.get(export_url(cast, "commitments", "xlsx")))
        cells = [row[3] for row in sheet.iter_rows(min_row=2)]
        assert {c.value for c in cells} >= {t for t in INJECTIONS if t[0] not in "\t\r"}
        assert all(c.data_type == "s" for c in cells), "no cell is a formula"

    def test_dates_are_dates_and_numbers_numbers_in_xlsx(self, client, cast, records):
        client.force_login(cast.users["viewer"])
        sheet = sheet_of(client.get(export_url(cast, "commitments", "xlsx")))
        header = [c.value for c in sheet[1]]
        assert all(c.font.b for c in sheet[1]), "the header row is bold"
        assert sheet.freeze_panes == "A2"
        row = dict(zip(header, sheet[2], strict=True))
        assert row["From"].value == datetime(2026, 1, 15)
        assert row["From"].number_format == exports.DATE_FORMAT
        assert row["Amount"].value == 2.5
        assert row["Until"].value is None
        sheet = sheet_of(client.get(export_url(cast, "engagements", "xlsx")))
        header = [c.value for c in sheet[1]]
        row = dict(zip(header, sheet[2], strict=True))
        assert isinstance(row["Starts (local time)"].value, datetime)
        assert row["Starts (local time)"].number_format == exports.DATETIME_FORMAT
        assert row["Attendees"].value == 2

    def test_csv_writes_dates_in_iso_form_and_whole_amounts_without_decimals(self):
        assert exports.csv_cell(date(2026, 3, 1)) == "2026-03-01"
        assert exports.csv_cell(Decimal("12.0000")) == "12"
        assert exports.csv_cell(Decimal("2.5000")) == "2.5"
        assert exports.csv_cell(-3) == "-3"  # a number is not a formula
        assert exports.csv_cell(None) == ""


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200
        b"".join(response.streaming_content)
    return len(queries)


def _grow(cast, size: int, tag: str):
    for i in range(size):
        commitment(cast, cast.own, f"More {tag}{i}")
        engagement(cast, cast.own, f"Meeting {tag}{i}")
        an_input(cast.own, f"Input {tag}{i}", person=cast.people["contributor"])
        deliverable(cast, cast.own, f"Deliverable {tag}{i}")
        assessment_start(partnership=cast.own, candidate=OrganizationFactory())
        PersonFactory(organization=OrganizationFactory())


class TestQueries:
    def test_the_number_of_queries_does_not_grow_with_the_rows(self, client, cast, records):
        client.force_login(cast.users["viewer"])
        urls = [export_url(cast, t, f) for t in PARTNERSHIP_TABLES for f in exports.FORMATS]
        urls += [
            reverse("reports:export-list", args=[t, f])
            for t in ("organizations", "people")
            for f in exports.FORMATS
        ]
        _grow(cast, 1, "a")
        small = [_count(client, url) for url in urls]
        _grow(cast, 4, "b")
        large = [_count(client, url) for url in urls]
        assert small == large


class TestApi:
    def test_the_api_answers_the_same_files(self, client, cast, records):
        client.force_login(cast.users["viewer"])
        own = cast.own.pk
        response = client.get(f"/api/v1/partnerships/{own}/exports/engagements?format=xlsx")
        assert response.status_code == 200
        assert _first_column(read(response, "xlsx")) == {"Meeting own"}
        response = client.get(f"/api/v1/partnerships/{own}/exports/input?status=all")
        assert response["Content-Type"].startswith("text/csv")
        assert len(read(response, "csv")) == 4
        response = client.get("/api/v1/exports/people?format=csv&q=Outsider")
        assert _first_column(read(response, "csv")) == {"Outsider Person"}
        assert client.get(f"/api/v1/partnerships/{own}/exports/nothing").status_code == 404
        assert client.get("/api/v1/exports/values").status_code == 404
        assert client.get(f"/api/v1/partnerships/{own}/exports/input?format=pdf").status_code == 422
        other = cast.other.pk
        assert client.get(f"/api/v1/partnerships/{other}/exports/input").status_code == 404


class TestLinks:
    @pytest.mark.parametrize(
        ("page", "table"),
        [
            ("alignment:assessment-list", "assessments"),
            ("leadership:commitments", "commitments"),
            ("relationships:engagements", "engagements"),
            ("relationships:ledger", "input"),
            ("measurement:periods", "values"),
            ("measurement:deliverables", "deliverables"),
        ],
    )
    def test_each_list_links_its_export_with_its_filters(self, client, cast, page, table):
        client.force_login(cast.users["viewer"])
        response = client.get(reverse(page, args=[cast.own.pk]), {"status": "open"})
        html = response.content.decode()
        assert f'href="{export_url(cast, table)}?status=open"' in html
        assert f'href="{export_url(cast, table, "xlsx")}?status=open"' in html

    def test_the_directory_lists_link_their_exports(self, client, cast):
        client.force_login(cast.users["outsider"])
        for page, table in (("organization-list", "organizations"), ("person-list", "people")):
            html = client.get(reverse(f"directory:{page}"), {"q": "a"}).content.decode()
            assert f'href="{reverse("reports:export-list", args=[table, "csv"])}?q=a"' in html

    def test_the_deliverables_filter_with_every_organization_answers(self, client, cast, records):
        # The filter form sends an empty organization for "Every organization".
        client.force_login(cast.users["viewer"])
        params = {"status": "planned", "organization": ""}
        page = client.get(reverse("measurement:deliverables", args=[cast.own.pk]), params)
        assert page.status_code == 200
        assert "Curriculum own" in page.content.decode()
        rows = read(client.get(export_url(cast, "deliverables"), params), "csv")
        assert _first_column(rows) == {"Curriculum own"}
