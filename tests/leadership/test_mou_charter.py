"""The MOU quotes the agreed charter version (L5, A3): the newest final version that every
member organization endorsed, not a newer final one waiting for endorsements. When none is
agreed, the draft says so and is sent for signature only once the steward confirms it."""

import pytest

from accord.alignment.models import CharterEndorsement, CharterValue, CharterVersion
from accord.leadership.mou_context import mou_context
from accord.leadership.rendering import version_pdf
from tests.factories import PersonFactory
from tests.leadership.test_mou_true_to_data import pdftotext
from tests.matrix.leadership_mous import drafted, sent

pytestmark = pytest.mark.django_db
AGREED = "Every student finds a path into engineering."
NEWER = "A newer vision that nobody has endorsed."


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def final(cast, number, vision, endorsed_by=()):
    version = CharterVersion.objects.create(
        partnership=cast.own, number=number, status="final", vision=vision
    )
    CharterValue.objects.create(version=version, name=f"Value {number}", meaning="We mean it.")
    for organization in endorsed_by:
        CharterEndorsement.objects.create(
            version=version, organization=organization, person=PersonFactory()
        )
    return version


class TestAgreedVersion:
    def test_the_agreed_version_is_quoted_not_a_newer_final_one(self, cast, tmp_path):
        final(cast, 1, AGREED, endorsed_by=(cast.host, cast.partner))
        final(cast, 2, NEWER)
        context = mou_context(cast.own)
        assert context["charter"]["version"] == 1 and context["charter"]["vision"] == AGREED
        assert context["charter_pending"] == {"version": 2, "endorsed": 0, "members": 2}
        version = drafted(cast)
        text = pdftotext(version_pdf(version), tmp_path)
        assert AGREED in text and NEWER not in text
        assert "version 1 of their charter, which every Partner has endorsed" in text
        assert "charter version 2 is final but only 0 of 2 member organizations" in text
        # An agreed charter needs no confirmation.
        assert sent(cast, version, confirm=False).status == "out_for_signature"

    def test_with_none_agreed_the_draft_says_so(self, cast, tmp_path):
        final(cast, 1, NEWER, endorsed_by=(cast.host,))
        assert mou_context(cast.own)["charter"] is None
        version = drafted(cast)
        text = pdftotext(version_pdf(version), tmp_path)
        assert NEWER not in text
        assert "No charter version is agreed: charter version 1 is final but only 1 of 2" in text
