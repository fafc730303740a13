"""Values from a file (M3): templates prefilled with stored values, CSV and XLSX uploads checked
whole (each bad row named with its line and column, nothing written), the encoding and delimiter
detected or explained, files that are not what their name says, oversized files, wrong headers,
locked submissions; the upload page and its API."""

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


class TestCsv:
    def test_a_good_file_is_written_with_one_imported_event(self, submission):
        report = imports.import_upload(submission, upload(GOOD))
        assert report.ok, report.problems
        assert report.kind == "CSV" and report.rows == 3 and report.written == 3
        event = SubmissionEvent.objects.get()
        assert event.action == "imported" and event.cells_changed == 3
        assert DataValue.objects.count() == 3

    def test_bad_rows_are_named_and_nothing_is_written(self, submission):
        content = GOOD + "Indicator 1,Woman,,1,,,\nStudents by group,Martian,,2.5,,,\nNope,,,1,,,\n"
        report = imports.import_upload(submission, upload(content))
        assert not report.ok
        assert problems(report) == [
            (5, "category_a"),
            (6, "category_a"),
            (6, "value"),
            (7, "indicator"),
        ]
        assert "Martian" in report.problems[1].message
        assert DataValue.objects.count() == 0 and SubmissionEvent.objects.count() == 0

    def test_a_cell_given_twice_is_refused(self, submission):
        report = imports.import_upload(submission, upload(GOOD + "indicator 1,,,13,,,\n"))
        assert problems(report) == [(5, "indicator")]
        assert "earlier row" in report.problems[0].message

    def test_the_first_200_problems_are_listed_with_the_total(self, submission):
        content = HEADER + "".join(f"Indicator 1,,,x{n},,,\n" for n in range(450))
        report = imports.import_upload(submission, upload(content))
        assert report.total == 450 and len(report.problems) == 200 and report.unlisted == 250

    @pytest.mark.parametrize("delimiter", [";", "\t", ","])
    def test_the_delimiter_is_found_from_the_header(self, submission, delimiter):
        report = imports.import_upload(submission, upload(GOOD.replace(",", delimiter)))
        assert report.ok, report.problems
        assert DataValue.objects.count() == 3

    def test_a_byte_order_mark_and_windows_line_ends_are_fine(self, submission):
        content = "\ufeff" + GOOD.replace("\n", "\r\n")
        report = imports.import_upload(submission, upload(content.encode("utf-8")))
        assert report.ok, report.problems

    def test_another_encoding_is_explained_with_its_line(self, submission):
        content = (HEADER + "Indicator 1,,,12,,,\nIndicator 1,Woman,,,,,Café\n").encode("cp1252")
        report = imports.import_upload(submission, upload(content))
        assert problems(report) == [(3, "file")]
        assert "UTF-8" in report.problems[0].message and "0xE9" in report.problems[0].message
        utf16 = imports.import_upload(submission, upload(GOOD.encode("utf-16")))
        assert "UTF-16" in utf16.problems[0].message
        assert DataValue.objects.count() == 0

    def test_wrong_headers_are_explained(self, submission):
        report = imports.import_upload(submission, upload("name,amount\nIndicator 1,3\n"))
        assert problems(report) == [(1, "header")]
        assert "“name”" in report.problems[0].message and "indicator" in report.problems[0].message
        report = imports.import_upload(submission, upload("category_a\nWoman\n"))
        assert "at least “indicator”" in report.problems[0].message
        report = imports.import_upload(submission, upload(""))
        assert not report.ok

    def test_extra_cells_name_the_row(self, submission):
        report = imports.import_upload(submission, upload("indicator,value\nIndicator 1,1,5\n"))
        assert problems(report) == [(2, "file")]

    def test_empty_rows_are_skipped_and_an_empty_value_removes(self, submission):
        assert imports.import_upload(submission, upload(GOOD + "\n,,,,,,\n")).ok
        report = imports.import_upload(submission, upload(HEADER + "Indicator 1,,,,,,\n"))
        assert report.ok and report.written == 1
        assert DataValue.objects.count() == 2
        assert SubmissionEvent.objects.last().changes[0]["new"] is None


class TestNotWhatItsNameSays:
    def test_a_pdf_called_csv(self, submission):
        report = imports.import_upload(submission, upload(b"%PDF-1.7\n...", "values.csv"))
        assert "PDF" in report.problems[0].message and report.problems[0].column == "file"

    def test_csv_text_called_xlsx(self, submission):
        report = imports.import_upload(submission, upload(GOOD, "values.xlsx"))
        assert "holds CSV text" in report.problems[0].message

    def test_a_workbook_called_csv(self, submission):
        report = imports.import_upload(submission, upload(workbook([["indicator"]]), "v.csv"))
        assert "is an Excel workbook" in report.problems[0].message

    def test_a_zip_that_is_no_workbook(self, submission):
        import zipfile

        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("hello.txt", "hi")
        report = imports.import_upload(submission, upload(out.getvalue(), "values.xlsx"))
        assert "not a readable Excel workbook" in report.problems[0].message

    def test_an_old_xls(self, submission):
        report = imports.import_upload(
            submission, upload(b"\xd0\xcf\x11\xe0" + b"\0" * 64, "a.xls")
        )
        assert ".xls" in report.problems[0].message

    def test_an_oversized_file(self, submission, settings):
        settings.ACCORD_MAX_UPLOAD_MB = 1
        report = imports.import_upload(submission, upload(GOOD + "#" * (1024 * 1024)))
        assert "the limit is 1 MB" in report.problems[0].message
        assert DataValue.objects.count() == 0

    def test_no_file(self, submission):
        report = imports.import_upload(submission, None)
        assert "Choose a file" in report.problems[0].message


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
