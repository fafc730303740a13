"""The charter's user journey in a real Chromium (A2, A3): a charter is written, discussed at two
levels, made final and endorsed by every member.

Every page visited is checked with axe-core (`check_a11y`); the `page` fixture fails the test on a
Content-Security-Policy violation, an uncaught script error or a page left unchecked. Several
people take turns in one browser by signing out and in through the real forms.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from accord.alignment.models import CharterVersion
from accord.alignment.queries.charter import agreement_for
from accord.alignment.readability import text_stats
from tests.browser.alignment import (
    HOST,
    TITLE,
    create_pathways,
    open_partnership,
    open_section,
    person_with_login,
    row,
    switch_user,
)
from tests.browser.conftest import check_a11y, sign_in
from tests.factories import PASSWORD, MembershipFactory, OrganizationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def pathways():
    """The partnership, its host, steward and project director (tests/browser/alignment.py)."""
    return create_pathways()


@pytest.fixture
def charter_people(pathways):
    """A partner organization with a leader (an executive) and a contributor (a student)."""
    partner = OrganizationFactory(name="Mesa Community College", subtype="university")
    MembershipFactory(partnership=pathways["partnership"], organization=partner)
    person_with_login("lee", "Lee Leader", partner, "executive", "leader", pathways["partnership"])
    person_with_login(
        "casey", "Casey Contributor", partner, "student", "contributor", pathways["partnership"]
    )
    return {**pathways, "partner": partner}


def add_values(page: Page, *values: tuple[str, str]) -> None:
    """Fill empty "New value" rows of the edit page, one per value, and save them at once."""
    rows = page.get_by_role("group", name="New value")
    for index, (name, meaning) in enumerate(values):
        rows.nth(index).get_by_label("Value", exact=True).fill(name)
        rows.nth(index).get_by_label("What it means in practice").fill(meaning)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Version 1 saved.")
    for name, _ in values:
        expect(page.get_by_role("group", name=re.compile(rf"^Value \d: {name}$"))).to_be_visible()
    check_a11y(page)


def comment(page: Page, text: str, author: str) -> None:
    """Add a comment on the version page (swapped in place by HTMX)."""
    page.get_by_label("Your comment").fill(text)
    page.get_by_role("button", name="Add comment").click()
    expect(page.get_by_role("article", name=f"Comment by {author}")).to_contain_text(text)
    expect(page.get_by_label("Your comment")).to_have_value("")
    check_a11y(page)


def test_charter_is_drafted_discussed_finalized_and_endorsed_by_every_member(
    page: Page, live_server, charter_people
):
    partnership, partner = charter_people["partnership"], charter_people["partner"]
    sign_in(page, live_server, "sam", PASSWORD)
    open_partnership(page, TITLE)
    open_section(page, "Charter")
    expect(page.get_by_text("No final version yet.")).to_be_visible()
    page.get_by_role("button", name="Start the first version").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Edit version 1")
    expect(page.get_by_role("status")).to_contain_text("Version 1 started.")
    check_a11y(page)

    # The vision's length and readability figures follow the typing.
    vision = page.get_by_label("What the partners want to achieve together")
    expect(vision).to_have_accessible_description(re.compile("No words yet"))
    first_sentence = "Rural students become civil engineers."
    vision.fill(first_sentence)
    words = text_stats(first_sentence).words
    expect(vision).to_have_accessible_description(re.compile(rf"Words {words} in 1 sentence\b"))
    second_sentence = " We pay them, mentor them and hire them."
    vision.press_sequentially(second_sentence)
    both = text_stats(first_sentence + second_sentence)
    expect(vision).to_have_accessible_description(re.compile(rf"Words {both.words} in 2 sentences"))
    assert both.words > words
    check_a11y(page)

    # The benefits for each member organization, and two core values in one save.
    page.get_by_label(f"Benefits for {HOST}").fill("Members who mentor, and engineers to hire.")
    page.get_by_label(f"Benefits for {partner.name}").fill("Paid internships for its students.")
    add_values(
        page,
        ("Open doors", "We pay every intern and cover their travel."),
        ("Listening", "Students help choose the projects each summer."),
    )
    expect(page.get_by_label(f"Benefits for {partner.name}")).to_have_value(
        "Paid internships for its students."
    )

    # Open for comment.
    page.get_by_role("link", name="See the version").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Charter, version 1")
    check_a11y(page)
    page.get_by_role("button", name="Open for comment").click()
    expect(page.get_by_role("status")).to_contain_text("Version 1 is open for comment")
    expect(page.get_by_role("heading", level=2, name="Core values")).to_be_visible()
    check_a11y(page)
    version_url = page.url

    # Two people at different levels comment: an executive and a student.
    switch_user(page, live_server, "lee")
    open_partnership(page, TITLE)
    open_section(page, "Charter")
    page.get_by_role("link", name="Read and comment").click()
    check_a11y(page)
    comment(page, "Our board supports this. Please add a line on housing.", "Lee Leader")

    switch_user(page, live_server, "casey")
    page.goto(version_url)
    check_a11y(page)
    comment(page, "Travel money matters most to students like me.", "Casey Contributor")
    by_level = page.get_by_role("table", name="People who commented, by level")
    expect(row(by_level, "Executive")).to_contain_text("1")
    expect(row(by_level, "Student")).to_contain_text("1")
    expect(row(by_level, "Manager")).to_contain_text("Not heard from yet")
    by_organization = page.get_by_role("table", name="People who commented, by member organization")
    expect(row(by_organization, partner.name)).to_contain_text("2")
    expect(row(by_organization, HOST)).to_contain_text("Not heard from yet")
    silent = page.get_by_role("heading", name=re.compile(r"^Not heard from yet")).locator(
        "xpath=following-sibling::ul[1]"
    )
    expect(silent).to_contain_text("Dana Director")
    expect(silent).to_contain_text("Sam Steward")
    expect(silent).not_to_contain_text("Lee Leader")

    # The steward makes the version final (after confirming).
    switch_user(page, live_server, "sam")
    page.goto(version_url)
    check_a11y(page)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Make final").click()
    expect(page.get_by_role("status")).to_contain_text("Version 1 is final")
    endorsements = page.get_by_role("table", name=re.compile(r"^Endorsements of version 1"))
    expect(row(endorsements, HOST)).to_contain_text("Waiting")
    check_a11y(page)

    # The host's project director endorses for the host.
    switch_user(page, live_server, "dana")
    open_partnership(page, TITLE)
    open_section(page, "Charter")
    expect(page.get_by_text("Not agreed yet.")).to_be_visible()
    page.get_by_label("Note (optional)").fill("Approved at the board meeting of 3 March.")
    page.get_by_role("button", name=f"Endorse for {HOST}").click()
    expect(page.get_by_role("status")).to_contain_text(f"You endorsed version 1 for {HOST}.")
    expect(row(endorsements, HOST)).to_contain_text("Endorsed by Dana Director")
    check_a11y(page)

    # A contributor is not offered the endorsement, and a forged request is refused.
    switch_user(page, live_server, "casey")
    open_partnership(page, TITLE)
    open_section(page, "Charter")
    expect(page.get_by_text("1 of 2 member organizations has endorsed version 1")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile(r"^Endorse"))).to_have_count(0)
    token = page.locator("input[name=csrfmiddlewaretoken]").first.input_value()
    refused = page.request.post(
        f"{version_url}endorse/", form={"note": "Me too."}, headers={"X-CSRFToken": token}
    )
    assert refused.status == 403
    assert "Only a leader or project director of a member organization endorses" in refused.text()
    assert not partner.charter_endorsements.exists()

    # The partner's leader endorses: every member has, so the charter is agreed.
    switch_user(page, live_server, "lee")
    open_partnership(page, TITLE)
    open_section(page, "Charter")
    page.get_by_role("button", name=f"Endorse for {partner.name}").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Every member organization has now endorsed it: agreed."
    )
    check_a11y(page)
    open_section(page, "Charter")
    agreement = page.get_by_role("region", name="Agreement", exact=True)
    expect(agreement).to_contain_text("Agreed.")
    expect(agreement).to_contain_text("Every member organization (2 of 2) has endorsed version 1")
    expect(page.get_by_role("heading", name="The charter as agreed in version 1")).to_be_visible()

    version = CharterVersion.objects.get(partnership=partnership)
    assert version.status == CharterVersion.Status.FINAL
    assert version.vision == first_sentence + second_sentence
    assert list(version.values.values_list("name", flat=True)) == ["Open doors", "Listening"]
    assert version.benefits.count() == 2
    levels = version.comments.values_list("person__level", flat=True)
    assert sorted(levels) == ["executive", "student"]
    assert set(version.endorsements.values_list("organization__name", "person__name")) == {
        (HOST, "Dana Director"),
        (partner.name, "Lee Leader"),
    }
    assert agreement_for(partnership).agreed
