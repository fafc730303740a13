"""The MOU is true to its data (L5): every value the document prints comes from one place at
render time (`version_data`), a section edited by hand keeps its text and says it no longer
follows the data, and a draft that disagrees with itself is not sent for signature.

Each test renders the real PDF after one kind of edit and compares every date and party that
pdftotext reads in it with the data."""

import re
import shutil
import subprocess
from datetime import date
from decimal import Decimal

import pytest

from accord.leadership.models import Commitment, MouVersion
from accord.leadership.mou_context import version_data
from accord.leadership.rendering import read_stored, version_pdf
from accord.leadership.services import mous as services
from tests.factories import MembershipFactory, OrganizationFactory, PersonFactory, RoleFactory
from tests.matrix.leadership_mous import drafted, sent

pytestmark = pytest.mark.django_db
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATE = re.compile(rf"\b\d{{1,2}} (?:{MONTHS}) \d{{4}}\b")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def pdftotext(data: bytes, tmp_path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.fail("pdftotext is missing: apt-get install poppler-utils (PDF tests never skip).")
    path = tmp_path / "mou.pdf"
    path.write_bytes(data)
    text = subprocess.run([tool, str(path), "-"], check=True, capture_output=True, text=True)
    # Lines wrap anywhere, words hyphenate at a line's end: compare the words.
    return " ".join(text.stdout.split()).replace("\u2010 ", "")


def check_true_to_data(version: MouVersion, tmp_path) -> str:
    """Render the version's PDF; every printed date is one of the data's, every party is named."""
    version = MouVersion.objects.select_related("mou__partnership").get(pk=version.pk)
    data = version_data(version)
    text = pdftotext(version_pdf(version), tmp_path)
    term = data["term"]
    allowed = {term["effective_on"], term["expires_on"], data["today"]}
    printed = set(DATE.findall(text))
    assert printed <= allowed, f"dates not in the data: {printed - allowed}"
    for value in (term["effective_on"], term["expires_on"]):
        if value:  # on the cover and in the term clause
            assert text.count(value) >= 2, value
    for party in data["parties"]:
        assert party["name"] in text
        director = party["project_director"]
        if director:
            assert director["name"] in text
    for item in data["commitments"]:
        assert item["description"] in text
    return text


class TestEveryValueFollowsTheData:
    def test_term(self, cast, tmp_path):
        version = drafted(cast, effective_on=date(2026, 9, 1), expires_on=date(2029, 12, 31))
        check_true_to_data(version, tmp_path)
        services.mou_version_update(version=version, expires_on=date(2030, 6, 30))
        text = check_true_to_data(version, tmp_path)
        assert "31 December 2029" not in text
        assert "remains in effect until 30 June 2030" in text

    def test_parties(self, cast, tmp_path):
        version = drafted(cast)
        third = OrganizationFactory(
            name="Third Community College", city="Dayton", region="Ohio", country=""
        )
        MembershipFactory(partnership=cast.own, organization=third)
        text = check_true_to_data(version, tmp_path)
        assert "3. Third Community College (Partner), Dayton, Ohio." in text
        assert "For Third Community College" in text  # its signature block

    def test_directors(self, cast, tmp_path):
        version = drafted(cast)
        director = PersonFactory(name="Hana Host", title="Programs lead", organization=cast.host)
        RoleFactory(partnership=cast.own, person=director, role="project_director")
        text = check_true_to_data(version, tmp_path)
        assert "Host Society: Hana Host, Programs lead" in text
        assert "Host Society: to be named" not in text

    def test_resources(self, cast, tmp_path):
        version = drafted(cast)
        Commitment.objects.create(
            partnership=cast.own,
            person=cast.people["leader"],
            organization=cast.partner,
            kind="resources",
            description="Lab space",
            amount=Decimal("2500"),
            unit="USD",
            starts_on=date(2026, 1, 1),
        )
        text = check_true_to_data(version, tmp_path)
        assert "Partner University: Lab space (2,500 USD)" in text

    def test_a_version_sent_prints_the_data_it_was_sent_with(self, cast, tmp_path):
        version = sent(cast, drafted(cast, expires_on=date(2030, 6, 30)))
        before = pdftotext(read_stored(version.document), tmp_path)
        director = PersonFactory(name="Later Director", organization=cast.host)
        RoleFactory(partnership=cast.own, person=director, role="project_director")
        version.refresh_from_db()
        assert version.data["term"]["expires_on"] == "30 June 2030"
        again = pdftotext(version_pdf(version), tmp_path)
        assert "Later Director" not in again and "Later Director" not in before
        # The same words as the stored document, but for the line that dates the rendering.
        assert DATE.sub("", again) == DATE.sub("", before)
