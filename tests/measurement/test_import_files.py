"""Values from a file (M3): CSV uploads checked whole (each bad row named with its line and
column, nothing written), the encoding and delimiter detected or explained, files that are not
what their name says, oversized files, wrong headers (XLSX, templates, locked submissions, the
page and the API upload: test_import_pages.py)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

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
