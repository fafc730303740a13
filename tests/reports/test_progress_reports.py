"""Progress reports (M4): writes and their refusals, the content's disclosure control by
construction, and every output (page, public page, PDF, XLSX, CSV, API) read back and checked
for suppressed cells. The data (tests/reports/helpers.py) are built once per class."""

import re
import subprocess
import tempfile
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from pypdf import PdfReader

from accord.core.audit import acting_as
from accord.core.disclosure import Hidden, protect_list
from accord.core.models import StaleRevision
from accord.reports import content, render
from accord.reports import services_progress as services
from accord.reports.models_progress import ProgressReport

from .helpers import FIGURES, enter, measured

pytestmark = pytest.mark.django_db
# With k = 50 the women (43) and the people not broken down (11) of 2026 Q1 are small.
K = 50


@pytest.fixture(scope="class")
def world(cast, django_db_blocker):
    with django_db_blocker.unblock():
        return measured(cast)


@pytest.fixture
def small(settings):
    settings.ACCORD_DISCLOSURE_K = K


def _create(cast, period, audience="internal", **extra):
    with acting_as(cast.users["steward"]):
        return services.report_create(
            partnership=cast.own,
            period_id=period.pk,
            audience=audience,
            created_by=cast.users["steward"],
            **extra,
        )


def _numbers(texts) -> list[int]:
    """The whole numbers among these cell texts ("1,234" → 1234)."""
    found = []
    for text in texts:
        text = str(text).strip()
        if re.fullmatch(r"\d{1,3}(,\d{3})*|\d+", text):
            found.append(int(text.replace(",", "")))
    return found


class TestWrites:
    def test_a_period_not_all_approved_is_refused_and_nothing_is_written(self, cast, world):
        _version, (_q1, q2) = world
        with pytest.raises(ValidationError) as refused:
            _create(cast, q2)
        message = " ".join(refused.value.message_dict["period_id"])
        assert "2026 Q2" in message and "Host Society (nothing submitted)" in message
        assert not ProgressReport.objects.exists()

    def test_bad_input_names_the_field(self, cast, world):
        _version, (q1, _q2) = world
        for extra, field in (
            ({"audience": "everyone"}, "audience"),
            ({"audience": "partner"}, "organization_id"),
            ({"audience": "internal", "organization_id": cast.partner.pk}, "organization_id"),
            ({"audience": "internal", "results": 5}, "results"),
        ):
            audience = extra.pop("audience")
            with pytest.raises(ValidationError) as refused:
                _create(cast, q1, audience, **extra)
            assert field in refused.value.message_dict
        with pytest.raises(ValidationError) as refused:
            services.report_create(partnership=cast.own, period_id="1", audience="internal")
        assert "period_id" in refused.value.message_dict
        assert not ProgressReport.objects.exists()

    def test_one_report_per_period_and_audience(self, cast, world):
        _version, (q1, _q2) = world
        _create(cast, q1)
        with pytest.raises(ValidationError, match="already has a report"):
            _create(cast, q1)
        partner = _create(cast, q1, "partner", organization_id=cast.partner.pk)
        assert partner.organization == cast.partner and partner.token == ""
        public = _create(cast, q1, "public")
        assert len(public.token) >= 32

    def test_a_stale_edit_is_refused_and_history_says_who(self, cast, world):
        _version, (q1, _q2) = world
        report = _create(cast, q1)
        stale = ProgressReport.objects.get(pk=report.pk)
        stale.expect_revision(stale.revision)  # what the second person read
        with acting_as(cast.users["steward"]):
            services.report_update(report=report, results="First text.")
        with pytest.raises(StaleRevision):
            services.report_update(report=stale, results="Second text.")
        report.refresh_from_db()
        assert report.results == "First text."
        assert report.history.first().history_user == cast.users["steward"]

    def test_publish_once_unpublish_and_no_edit_while_published(
        self, cast, world, django_capture_on_commit_callbacks
    ):
        _version, (q1, _q2) = world
        report = _create(cast, q1, "public")
        with django_capture_on_commit_callbacks(execute=True):
            services.report_publish(report=report, by=cast.users["steward"])
        report.refresh_from_db()
        assert report.is_published and report.published_by == cast.users["steward"]
        assert report.build_state == "done" and report.pdf and report.xlsx and report.csv
        with pytest.raises(ValidationError, match="already published"):
            services.report_publish(report=report, by=cast.users["steward"])
        with pytest.raises(ValidationError, match="unpublish it before"):
            services.report_update(report=report, results="Changed after publishing.")
        services.report_unpublish(report=report)
        report.refresh_from_db()
        assert report.status == "draft" and report.published_at is None
        with pytest.raises(ValidationError, match="not published"):
            services.report_unpublish(report=report)

    def test_a_digest_names_the_reports_published_since_the_last_one(self, cast, world):
        from django.utils import timezone

        from accord.reports.digests import DIGEST_SECTIONS

        _version, (q1, _q2) = world
        public, internal = _create(cast, q1, "public"), _create(cast, q1, "internal")
        before = timezone.now()
        for report in (public, internal):
            services.report_publish(report=report, by=cast.users["steward"])
        section = DIGEST_SECTIONS["reports"](cast.own, before, timezone.now())
        texts = [line.text for line in section.lines]
        assert texts == [
            f"{internal.title}, for the partnership's members",
            f"{public.title}, public",
        ]
        assert section.lines[1].url == f"/reports/{public.token}/"
        # Nothing published since the last digest: no section.
        assert DIGEST_SECTIONS["reports"](cast.own, timezone.now(), timezone.now()) is None


class TestByConstruction:
    """No raw count can reach a report's content or any renderer."""

    def test_a_cell_is_made_only_from_a_disclosure_result(self):
        with pytest.raises(TypeError):
            content.Cell(5, content.COUNT)
        with pytest.raises(TypeError):
            content.amount(5)
        with pytest.raises(TypeError):
            content.derived(5)
        with pytest.raises(TypeError):
            content.count_cells([[5]])
        cells = content.count_cells(protect_list([3, 40], k=11))
        assert isinstance(cells[0][0].value, Hidden) and cells[0][0].text() == "suppressed"
        assert cells[0][0].plain() is None
        with pytest.raises(AttributeError):
            cells[0][0].value = 3

    def test_tables_and_renderers_refuse_anything_else(self):
        with pytest.raises(TypeError, match="disclosure control"):
            content.Table("t", "A table", ("Row", "Count"), (("a", (3,)),))
        with pytest.raises(TypeError):
            content.Table("t", "A table", ("Row", "Count"), (("a", (Decimal(3),)),))
        with pytest.raises(TypeError):
            content.Block("b", "Block", "", tables=({"rows": [[3]]},))
        for renderer in (render.pdf, render.xlsx, render.csv, render.html):
            with pytest.raises(TypeError, match="ReportContent"):
                renderer({"title": "A report", "tables": [[3]]})


class TestOutputs:
    def test_small_counts_are_hidden_in_the_content_for_every_audience(self, cast, world, small):
        _version, (q1, _q2) = world
        for audience, extra in (
            ("internal", {}),
            ("partner", {"organization_id": cast.partner.pk}),
            ("public", {}),
        ):
            report = _create(cast, q1, audience, **extra)
            found = content.assemble(report)
            for table in found.tables:
                for _label, cells in table.rows:
                    for cell in cells:
                        if isinstance(cell, content.Cell) and cell.kind == content.COUNT:
                            assert cell.hidden or not (1 <= cell.value < K), (audience, table)
            reached = next(t for t in found.tables if t.caption.startswith("Reached: each"))
            assert reached.has_hidden or audience == "partner"  # 64 and 120: not small
        # The internal view: Woman 43 and Not broken down 11 hidden, Man 130 shown.
        internal = content.assemble(ProgressReport.objects.get(audience="internal"))
        reached = next(t for t in internal.tables if t.caption.startswith("Reached: each"))
        assert reached.columns[1:4] == ("Woman", "Man", "Not broken down")
        row = dict(reached.rows)["2026 Q1"]
        assert [c.text() for c in row[:4]] == ["suppressed", "130", "suppressed", "184"]

    def test_pdf_xlsx_csv_and_pages_read_back_with_no_small_count(
        self, cast, world, small, client, django_capture_on_commit_callbacks
    ):
        _version, (q1, _q2) = world
        report = _create(
            cast, q1, "public", results="- Internships started\n- Mentors matched", progress=""
        )
        with django_capture_on_commit_callbacks(execute=True):
            services.report_publish(report=report, by=cast.users["steward"])
        report.refresh_from_db()
        hidden_values = {"43", "11"}
        # PDF: tagged, read back with pdftotext.
        pdf = report.pdf.read()
        catalog = PdfReader(BytesIO(pdf)).trailer["/Root"]
        assert "/StructTreeRoot" in catalog and catalog["/Lang"] == "en"
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(pdf)
            handle.flush()
            text = subprocess.run(
                ["pdftotext", "-layout", handle.name, "-"], capture_output=True, check=True
            ).stdout.decode()
        assert "suppressed" in text and "Internships started" in text
        table_lines = [line for line in text.splitlines() if line.strip().startswith("2026 Q1")]
        assert table_lines
        for line in table_lines:
            assert not hidden_values & set(line.split()), line
            assert not [n for n in _numbers(line.split()[2:]) if 1 <= n < K], line
        # XLSX: every number in every sheet is not a count from 1 to k-1.
        book = load_workbook(BytesIO(report.xlsx.read()))
        seen_suppressed = False
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True):
                for value in row:
                    if value == "suppressed":
                        seen_suppressed = True
                    if isinstance(value, int) and not isinstance(value, bool):
                        assert not (1 <= value < K), (sheet.title, row)
        assert seen_suppressed
        # CSV
        rows = report.csv.read().decode("utf-8-sig").splitlines()
        assert any("suppressed" in r for r in rows)
        for line in rows:
            if line.startswith("2026 Q1") or line.startswith("To date"):
                assert not [n for n in _numbers(line.split(",")[1:]) if 1 <= n < K], line
        # The public page, without signing in, and its files.
        page = client.get(report.public_url)
        assert page.status_code == 200
        html = page.content.decode()
        cells = re.findall(r"<td[^>]*>(?:<span[^>]*>)?([^<]*)", html)
        assert "suppressed" in cells
        assert not [n for n in _numbers(cells) if 1 <= n < K]
        # Nothing meant for members: the scorecard's criteria are not on a public report.
        assert "Each criterion of the scorecard" not in html
        download = client.get(f"/reports/{report.token}/files/pdf/")
        assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
        # Unpublished, it is gone; so is any report that is not public, or a wrong token.
        services.report_unpublish(report=report)
        assert client.get(report.public_url).status_code == 404
        assert client.get(f"/reports/{report.token}/files/pdf/").status_code == 404
        assert client.get("/reports/" + "x" * 32 + "/").status_code == 404

    def test_the_report_page_costs_the_same_queries_for_more_periods(self, cast, world, client):
        _version, (q1, q2) = world
        first = _create(cast, q1)
        with acting_as(cast.users["steward"]):
            enter(q2, cast.host, *FIGURES["host"], approve=True)
        second = _create(cast, q2)
        client.force_login(cast.users["viewer"])
        counts = []
        for report in (first, second):
            with CaptureQueriesContext(connection) as queries:
                page = client.get(report.get_absolute_url())
            assert page.status_code == 200
            counts.append(len(queries))
        assert counts[0] == counts[1], counts
        second_page = page.content.decode()
        assert "2026 Q2" in second_page and "data:image/svg+xml;base64," in second_page

    def test_a_chart_drawn_before_is_not_built_again(self, cast, world, client, monkeypatch):
        """Charts are cached under what they draw: the second view of a report builds no
        Vega-Lite definition (altair took about 10 ms a chart)."""
        from django.core.cache import cache

        from accord.reports import content

        cache.clear()  # another test may have drawn the same figures
        _version, (q1, _q2) = world
        report = _create(cast, q1)
        built = []
        real = content._trend_spec
        monkeypatch.setattr(content, "_trend_spec", lambda *a: built.append(1) or real(*a))
        client.force_login(cast.users["viewer"])
        first = client.get(report.get_absolute_url()).content.decode()
        assert built and "data:image/svg+xml;base64," in first
        drawn = len(built)
        again = client.get(report.get_absolute_url()).content.decode()
        images = re.compile(r"data:image/svg\+xml;base64,[^\"]+")
        assert len(built) == drawn and images.findall(again) == images.findall(first)

    def test_a_partner_report_is_its_organization_s_and_the_steward_s(self, cast, world, client):
        _version, (q1, _q2) = world
        partner = _create(cast, q1, "partner", organization_id=cast.host.pk)
        internal = _create(cast, q1)
        # The cast's people all belong to the partner organization, not the host.
        client.force_login(cast.users["viewer"])
        assert client.get(partner.get_absolute_url()).status_code == 404
        assert client.get(internal.get_absolute_url()).status_code == 200
        client.force_login(cast.users["steward"])
        page = client.get(partner.get_absolute_url())
        assert page.status_code == 200
        assert "Other members" in page.content.decode()


class TestApi:
    def test_create_edit_publish_and_read_content(self, cast, world, client):
        _version, (q1, q2) = world
        client.force_login(cast.users["steward"])
        base = f"/api/v1/partnerships/{cast.own.pk}/reports"
        refused = client.post(
            base, {"period_id": q2.pk, "audience": "internal"}, content_type="application/json"
        )
        assert refused.status_code == 422 and "period_id" in refused.content.decode()
        headers = {"Idempotency-Key": "report-create-1"}
        body = {"period_id": q1.pk, "audience": "public", "results": "Went well."}
        created = client.post(base, body, content_type="application/json", headers=headers)
        assert created.status_code == 201, created.content
        again = client.post(base, body, content_type="application/json", headers=headers)
        assert again.status_code == 201 and again.json()["id"] == created.json()["id"]
        one = f"{base}/{created.json()['id']}"
        etag = created["ETag"]
        changed = client.patch(
            one, {"challenges": "Late data."}, content_type="application/json",
            headers={"If-Match": etag},
        )  # fmt: skip
        assert changed.status_code == 200 and changed.json()["challenges"] == "Late data."
        stale = client.patch(
            one, {"challenges": "Other."}, content_type="application/json",
            headers={"If-Match": etag},
        )  # fmt: skip
        assert stale.status_code == 412
        assert client.patch(one, {"results": 5}, content_type="application/json").status_code == 422
        published = client.post(f"{one}/publish")
        assert published.status_code == 200 and published.json()["public_url"].startswith(
            "/reports/"
        )
        assert client.post(f"{one}/publish").status_code == 422
        found = client.get(f"{one}/content").json()
        assert found["sections"]["challenges"] == "Late data."
        assert {t["key"] for t in found["tables"]} >= {"progress", "fulfilment", "scorecard"}
        viewer = cast.users["viewer"]
        client.force_login(viewer)
        assert client.post(f"{one}/unpublish").status_code == 403
        assert client.get(one).status_code == 200
