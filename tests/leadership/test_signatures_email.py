"""E-signature e-mails (L5) over real SMTP: each signatory is asked with a link to their signing
page, a declined version reaches the steward, and everyone hears when the MOU is executed."""

import re

import pytest

from accord.leadership.services import signing as services
from accord.leadership.services.mous import mou_create
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    OrganizationFactory,
    PartnershipFactory,
    PersonFactory,
    RoleFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.ACCORD_BASE_URL = "https://accord.example.org"


@pytest.fixture
def partners():
    """A partnership of two organizations, a steward, and a leader of each organization."""
    host = OrganizationFactory(name="Society of Test Engineers", kind="internal")
    college = OrganizationFactory(name="Mesa Community College")
    partnership = PartnershipFactory(title="Pathways into Engineering")
    MembershipFactory(partnership=partnership, organization=host, kind="host")
    MembershipFactory(partnership=partnership, organization=college)
    people = {}
    for username, organization, role in (
        ("sam", host, "steward"),
        ("hana", host, "leader"),
        ("carlos", college, "leader"),
    ):
        user = UserFactory(username=username, email=f"{username}@example.org")
        person = PersonFactory(name=username.title(), organization=organization, user=user)
        RoleFactory(partnership=partnership, person=person, role=role)
        people[username] = person
    return partnership, people


def send(partnership, people, order="parallel"):
    mou = mou_create(partnership=partnership, title="Pathways MOU")
    return services.mou_send(
        version=mou.versions.get(),
        signatories=[(people["hana"], 1), (people["carlos"], 2)],
        signing_order=order,
        sent_by=people["sam"].user,
        confirm_no_agreed_charter=True,
    )


def test_each_signatory_gets_a_link_to_their_signing_page(partners, smtp_server):
    partnership, people = partners
    version = send(partnership, people)
    messages = smtp_server.wait_for(2)
    assert sorted(m["To"] for m in messages) == ["carlos@example.org", "hana@example.org"]
    for message in messages:
        assert message["Subject"] == "[Accord] Please sign: Pathways MOU"
        text = message.get_content()
        link = (
            f"https://accord.example.org/partnerships/{partnership.pk}/mous/{version.mou_id}"
            f"/versions/1/sign/"
        )
        assert link in text
        assert version.document_sha256 in text
        assert "typing your Accord password again" in text


def test_sequential_asks_the_next_signatory_by_email_after_the_first_signs(partners, smtp_server):
    partnership, people = partners
    version = send(partnership, people, order="sequential")
    assert [m["To"] for m in smtp_server.wait_for(1)] == ["hana@example.org"]
    first = version.signatories.get(person=people["hana"])
    services.mou_sign(signatory=first, user=people["hana"].user, password=PASSWORD)
    messages = smtp_server.wait_for(2)
    assert messages[1]["To"] == "carlos@example.org"
    assert re.search(r"/versions/1/sign/", messages[1].get_content())


def test_everyone_hears_when_the_mou_is_executed(partners, smtp_server):
    partnership, people = partners
    version = send(partnership, people)
    for key in ("hana", "carlos"):
        signatory = version.signatories.get(person=people[key])
        services.mou_sign(signatory=signatory, user=people[key].user, password=PASSWORD)
    executed = [
        m for m in smtp_server.wait_for(5) if m["Subject"] == "[Accord] Executed: Pathways MOU"
    ]
    assert sorted(m["To"] for m in executed) == [
        "carlos@example.org",
        "hana@example.org",
        "sam@example.org",
    ]


def test_a_decline_reaches_the_steward_with_the_reason(partners, smtp_server):
    partnership, people = partners
    version = send(partnership, people)
    signatory = version.signatories.get(person=people["carlos"])
    services.mou_decline(
        signatory=signatory, user=people["carlos"].user, reason="Our board meets next month."
    )
    declined = [m for m in smtp_server.wait_for(4) if m["Subject"].startswith("[Accord] Declined")]
    assert [m["To"] for m in declined] == ["sam@example.org"]
    assert "Our board meets next month." in declined[0].get_content()
    voided = [
        m for m in smtp_server.messages if m["Subject"].startswith("[Accord] No need to sign")
    ]
    assert [m["To"] for m in voided] == ["hana@example.org"]
