"""Values from a file (M3), continued from test_import_files.py: XLSX uploads and the templates
(prefilled with stored values, read back unchanged), locked submissions, the upload page and the
API upload."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from accord.core.uploads import CSV, XLSX
from accord.measurement import collection, imports
from accord.measurement.models import DataValue, SubmissionEvent

from .intake import collecting_period

pytestmark = pytest.mark.django_db
HEADER = "indicator,category_a,category_b,value,numerator,denominator,text\n"
GOOD = (
    HEADER + "Indicator 1,,,12,,,\nShare retained,Woman,,,3,4,\nStudents by group,Man,North,5,,,\n"
)


@pytest.fixture
def period(cast):
    return collecting_period(cast)


@pytest.fixture
def submission(cast, period):
    return collection.submission_for(period, cast.partner)


def upload(content: bytes | str, name="values.csv"):
    data = content.encode() if isinstance(content, str) else content
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def workbook(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Values"
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def problems(report) -> list[tuple[int, str]]:
    return [(p.line, p.column) for p in report.problems]


class TestXlsx:
    def test_the_template_is_prefilled_and_round_trips(self, submission):
        assert imports.import_upload(submission, upload(GOOD)).ok
        book = load_workbook(imports.template_xlsx(submission), read_only=True)
        rows = list(book["Values"].iter_rows(values_only=True))
        assert rows[0] == tuple(collection.COLUMNS)
        assert len(rows) == 1 + collection.Catalog(submission.period).size
        assert ("Indicator 1", None, None, 12, None, None, None) in rows
        assert ("Share retained", "Woman", None, None, 3, 4, None) in rows
        book.close()
        again = imports.import_stream(submission, imports.template_xlsx(submission), XLSX)
        assert again.ok and again.event is None, again.problems

    def test_a_bad_row_is_named_by_its_sheet_row(self, submission):
        rows = [
            list(collection.COLUMNS),
            ["Indicator 1", None, None, 12],
            ["Students by group", "Woman", "Atlantis", 4],
            ["Share retained", "Man", None, None, 1.5, 3],
        ]
        report = imports.import_upload(submission, upload(workbook(rows), "values.xlsx"))
        assert report.kind == "" or report.kind == "XLSX"
        assert problems(report) == [(3, "category_b")]
        assert DataValue.objects.count() == 0
        rows[2][2] = "South"
        report = imports.import_upload(submission, upload(workbook(rows), "values.xlsx"))
        assert report.ok and report.written == 3
        assert DataValue.objects.get(indicator__name="Share retained").value == 0.5

    def test_the_csv_template_reads_back(self, submission):
        assert imports.import_upload(submission, upload(GOOD)).ok
        text = "".join(imports.template_csv(submission))
        assert text.startswith("\ufeff" + HEADER.strip())
        assert "Indicator 1,,,12,,,\r\n" in text
        again = imports.import_stream(submission, io.BytesIO(text.encode()), CSV)
        assert again.ok and again.event is None


class TestLocked:
    def test_submitted_and_approved_values_are_refused(self, submission):
        assert imports.import_upload(submission, upload(GOOD)).ok
        collection.submit(submission)
        report = imports.import_upload(submission, upload(HEADER + "Indicator 1,,,13,,,\n"))
        assert "waiting for review" in report.problems[0].message
        collection.approve(submission)
        report = imports.import_upload(submission, upload(HEADER + "Indicator 1,,,13,,,\n"))
        assert "approved and locked" in report.problems[0].message
        assert (
            DataValue.objects.get(category_a__isnull=True, indicator__name="Indicator 1").value
            == 12
        )


class TestPages:
    def url(self, cast, period, name="measurement:upload", *extra):
        return reverse(name, args=[cast.own.pk, period.pk, cast.partner.pk, *extra])

    def test_the_page_shows_the_report_then_the_values(self, cast, client, period):
        client.force_login(cast.users["contributor"])
        page = client.get(self.url(cast, period))
        assert page.status_code == 200
        assert b"Download the Excel template" in page.content
        bad = client.post(self.url(cast, period), {"file": upload(GOOD + "Nope,,,1,,,\n")})
        assert bad.status_code == 422
        assert "Nothing was written" in bad.content.decode()
        assert "“Nope” is not an indicator" in bad.content.decode()
        good = client.post(self.url(cast, period), {"file": upload(GOOD)}, follow=True)
        assert good.status_code == 200
        html = good.content.decode()
        assert "File imported" in html and "3 values changed" in html
        assert "3/4 = 0.75" in html

    def test_the_templates_download(self, cast, client, period):
        client.force_login(cast.users["viewer"])
        csv = client.get(self.url(cast, period, "measurement:upload-template", "csv"))
        assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
        assert b"".join(csv.streaming_content).decode().startswith("\ufeffindicator,")
        xlsx = client.get(self.url(cast, period, "measurement:upload-template", "xlsx"))
        assert xlsx.status_code == 200
        assert b"".join(xlsx.streaming_content).startswith(b"PK\x03\x04")
        assert (
            client.get(self.url(cast, period, "measurement:upload-template", "pdf")).status_code
            == 404
        )

    def test_a_viewer_may_not_upload(self, cast, client, period):
        client.force_login(cast.users["viewer"])
        assert client.get(self.url(cast, period)).status_code == 403
        assert client.post(self.url(cast, period), {"file": upload(GOOD)}).status_code == 403
        assert DataValue.objects.count() == 0

    def test_the_page_keeps_a_constant_number_of_queries(self, cast, client, period):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client.force_login(cast.users["contributor"])
        counts = []
        for content in (HEADER + "Indicator 1,,,12,,,\n", GOOD):
            client.post(self.url(cast, period), {"file": upload(content)})
            with CaptureQueriesContext(connection) as queries:
                assert client.get(self.url(cast, period)).status_code == 200
            counts.append(len(queries))
        assert counts[0] == counts[1]


class TestApiUpload:
    def test_a_file_through_the_api(self, cast, client, period):
        client.force_login(cast.users["leader"])
        url = (
            f"/api/v1/partnerships/{cast.own.pk}/measures/periods/{period.pk}"
            f"/submissions/{cast.partner.pk}/upload"
        )
        bad = client.post(url, {"file": upload(GOOD + "Nope,,,1,,,\n")})
        assert bad.status_code == 422
        assert bad.json()["errors"][0]["field"] == "line.5.indicator"
        assert "1 problem" in bad.json()["detail"]
        good = client.post(url, {"file": upload(GOOD)}, headers={"Idempotency-Key": "file-1"})
        assert good.status_code == 200, good.json()
        assert good.json()["cells_changed"] == 3 and good.json()["kind"] == "CSV"
        again = client.post(url, {"file": upload(GOOD)}, headers={"Idempotency-Key": "file-1"})
        assert again.headers["Idempotent-Replayed"] == "true"
        assert SubmissionEvent.objects.count() == 1
