"""The MOU journey in a real Chromium (L5): a steward drafts an MOU and sends it for signature; the
signatories of two organizations get their links by e-mail (real SMTP), sign in and sign by
typing their password again; the MOU is executed and verifies; the partnership is formalized.

Every page visited is checked with axe-core (`check_a11y`); the `page` fixture fails the test on a
Content-Security-Policy violation, an uncaught script error or a page left unchecked.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from accord.leadership.models import Mou
from accord.partnerships.models import Stage
from tests.browser.conftest import check_a11y, sign_in
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    OrganizationFactory,
    PartnershipFactory,
    PersonFactory,
    RoleFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SIGN_LINK = re.compile(r"(https?://\S+/sign/)")


@pytest.fixture
def partnership(settings, tmp_path, live_server):
    """A forming partnership of a society and a college; a steward; a signer for each side."""
    settings.MEDIA_ROOT = tmp_path
    settings.ACCORD_BASE_URL = live_server.url
    society = OrganizationFactory(
        name="Society of Test Engineers", kind="internal", subtype="professional_society"
    )
    college = OrganizationFactory(name="Mesa Community College", subtype="university")
    partnership = PartnershipFactory(title="Pathways into Structural Engineering")
    MembershipFactory(partnership=partnership, organization=society, kind="host")
    MembershipFactory(partnership=partnership, organization=college)
    for username, name, organization, role, title in (
        ("sam", "Sam Steward", society, "steward", "Partnerships manager"),
        ("hana", "Hana Okoye", society, "leader", "Executive director"),
        ("carlos", "Carlos Reyes", college, "project_director", "Dean of engineering"),
    ):
        first, last = name.split()
        user = UserFactory(
            username=username, first_name=first, last_name=last, email=f"{username}@example.org"
        )
        person = PersonFactory(name=name, organization=organization, user=user, title=title)
        RoleFactory(partnership=partnership, person=person, role=role)
    partnership.stage = Stage.FORMING
    partnership.save(update_fields=["stage"])
    return partnership


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state("load")


def sign_from_email(page: Page, live_server, username: str, link: str, organization: str):
    sign_in(page, live_server, username, PASSWORD)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sign “Pathways MOU”")
    expect(page.get_by_text("You sign this exact document for")).to_contain_text(organization)
    check_a11y(page)
    # A wrong password is refused on the field, and nothing is signed.
    page.get_by_label("Your password").fill("not my password")
    page.get_by_role("button", name=f"Sign for {organization}").click()
    expect(page.locator("#id_password_error")).to_contain_text("That is not your password.")
    check_a11y(page)
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name=f"Sign for {organization}").click()
    expect(page.get_by_role("status")).to_contain_text("Thank you: you signed")
    check_a11y(page)
    sign_out(page)


def test_two_organizations_take_an_mou_from_draft_to_executed(
    page: Page, live_server, partnership, smtp_server
):
    sign_in(page, live_server, "sam", PASSWORD)
    page.goto(partnership.get_absolute_url())
    check_a11y(page)
    page.get_by_role("link", name="MOU", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Memorandum of understanding")
    check_a11y(page)

    # Draft it from the default template with the partnership's own data.
    page.get_by_role("link", name="Draft an MOU").click()
    check_a11y(page)
    page.get_by_label("Title").fill("Pathways MOU")
    page.get_by_label("Expiry date").fill("2030-06-30")
    page.get_by_role("button", name="Draft the MOU").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Pathways MOU, version 1")
    parties = page.locator("#clause-parties")
    expect(parties).to_contain_text("Society of Test Engineers (Host)")
    expect(parties).to_contain_text("Mesa Community College (Partner)")
    expect(page.locator("#clause-roles")).to_contain_text("Mesa Community College: Carlos Reyes")
    check_a11y(page)

    # Send it: one signatory for each organization, all at once.
    page.get_by_role("link", name="Send for signature").click()
    expect(page.get_by_label("Hana Okoye, Executive director")).to_be_checked()
    expect(page.get_by_label("Carlos Reyes, Dean of engineering")).to_be_checked()
    check_a11y(page)
    # The partnership has no agreed charter: the steward confirms that it is sent without one.
    page.get_by_label("Send it without an agreed charter").check()
    page.get_by_role("button", name="Send for signature").click()
    expect(page.get_by_role("status")).to_contain_text("Version 1 is out for signature.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Out for signature")
    check_a11y(page)
    sign_out(page)

    # Each signatory gets an e-mail with the link to their signing page.
    messages = smtp_server.wait_for(2)
    links = {}
    for message in messages[:2]:
        assert message["Subject"] == "[Accord] Please sign: Pathways MOU"
        links[message["To"]] = SIGN_LINK.search(message.get_content()).group(1)
    assert sorted(links) == ["carlos@example.org", "hana@example.org"]
    assert all(link.startswith(live_server.url) for link in links.values())

    sign_from_email(
        page, live_server, "hana", links["hana@example.org"], "Society of Test Engineers"
    )
    sign_from_email(
        page, live_server, "carlos", links["carlos@example.org"], "Mesa Community College"
    )

    mou = Mou.objects.get(title="Pathways MOU")
    version = mou.versions.get()
    assert (mou.status, version.status) == ("executed", "executed")
    signatures = version.signatories.order_by("person__name")
    assert [(s.status, s.ip_address, s.signed_sha256) for s in signatures] == [
        ("signed", "127.0.0.1", version.document_sha256)
    ] * 2
    assert all("Chrome" in s.user_agent for s in signatures)

    # The steward sees the executed MOU, verifies it, and formalizes the partnership.
    sign_in(page, live_server, "sam", PASSWORD)
    page.goto(version.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_contain_text("Executed")
    expect(page.get_by_role("link", name="Download the executed MOU")).to_be_visible()
    check_a11y(page)
    page.get_by_role("link", name="Check the stored documents").click()
    expect(page.get_by_text("Intact.", exact=True)).to_be_visible()
    check_a11y(page)
    # Anyone holding a copy checks it on the public verification page, by its SHA-256.
    page.goto(version.get_absolute_url())
    page.get_by_role("link", name="Accord's verification page").click()
    page.get_by_label("Or its SHA-256").fill(version.document_sha256)
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_text("Intact.", exact=True)).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("Hana Okoye")
    check_a11y(page)
    page.goto(partnership.get_absolute_url())
    check_a11y(page)
    page.get_by_label("Move to").select_option("formalized")
    page.get_by_role("button", name="Move", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("The partnership is now formalized.")
    check_a11y(page)
    partnership.refresh_from_db()
    assert partnership.stage == Stage.FORMALIZED
    executed = [
        m for m in smtp_server.wait_for(5) if m["Subject"] == "[Accord] Executed: Pathways MOU"
    ]
    assert sorted(m["To"] for m in executed) == [
        "carlos@example.org",
        "hana@example.org",
        "sam@example.org",
    ]
