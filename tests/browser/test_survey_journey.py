"""The collaboration survey in a real Chromium: a steward opens a wave; a person it asked finds it
on their home page, sends the form empty (every statement is named, nothing is written), then
answers it; the steward reads "fewer than 5 answers" until four more people have answered, and
then the factor scores with their status, the formula and the breakdowns. Every page passes
axe-core and does not scroll sideways at 390 px. Screenshots of the answering form and the results
go to ACCORD_SCREENSHOTS when it is set.
"""

import os

import pytest
from playwright.sync_api import Page, expect

from accord.surveys import services
from accord.surveys.models import Item, SurveyResponse, SurveyWave
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

HOST, PARTNER = "Society of Test Engineers", "Mesa State University"


@pytest.fixture
def world():
    partnership = PartnershipFactory(title="Pathways into Civil Engineering")
    organizations = {}
    for name, kind in ((HOST, "host"), (PARTNER, "partner")):
        organizations[name] = OrganizationFactory(name=name)
        MembershipFactory(partnership=partnership, organization=organizations[name], kind=kind)
    people = [
        ("sam", "Sam Steward", HOST, "steward"),
        ("pat", "Pat Director", PARTNER, "project_director"),
        *((f"c{n}", f"Contributor {n}", (HOST, PARTNER)[n % 2], "contributor") for n in range(4)),
    ]
    for username, name, organization, role in people:
        user = UserFactory(username=username, first_name=name.split()[0])
        person = PersonFactory(name=name, organization=organizations[organization], user=user)
        RoleFactory(partnership=partnership, person=person, role=role)
    return partnership


def no_sideways_scroll(page: Page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url} is {width} px wide at 390 px"
    page.set_viewport_size({"width": 1280, "height": 900})


def screenshot(page: Page, name: str) -> None:
    folder = os.environ.get("ACCORD_SCREENSHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


def test_a_steward_opens_a_wave_a_person_answers_and_results_show_from_five(
    page: Page, live_server, world
):
    sign_in(page, live_server, "sam", PASSWORD)
    page.goto(f"{live_server.url}/partnerships/{world.pk}/surveys/")
    check_a11y(page)
    page.get_by_role("link", name="Open a wave").click()
    check_a11y(page)
    no_sideways_scroll(page)
    page.get_by_label("Title").fill("Spring survey")
    expect(page.get_by_label("Anonymous answers")).to_be_checked()
    page.get_by_role("button", name="Open the wave").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Spring survey")
    expect(page.get_by_text("6 people are asked to answer")).to_be_visible()
    expect(page.get_by_text("Fewer than 5 answers so far")).to_be_visible()
    check_a11y(page)
    page.get_by_role("button", name="Sign out").click()

    # The person asked finds it on their home page; an empty form names every statement.
    sign_in(page, live_server, "pat", PASSWORD)
    line = page.get_by_test_id("waiting-list").get_by_role("listitem").filter(has_text="Spring")
    expect(line).to_contain_text("Collaboration survey")
    line.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Spring survey")
    expect(page.get_by_text("Your answer is anonymous.")).to_be_visible()
    check_a11y(page)
    no_sideways_scroll(page)
    screenshot(page, "survey-answer-form")
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_text("Nothing was saved.")).to_be_visible()
    check_a11y(page)
    assert SurveyResponse.objects.count() == 0
    # Each statement is a radio group named by its statement, inside its factor's fieldset.
    factor = page.get_by_role("group", name="Respect and trust between partners")
    statement = factor.get_by_role("group", name="Partners in this partnership trust one another.")
    statement.get_by_label("5 · Strongly agree").check()
    for radio in page.locator('input[type="radio"][value="4"]').all():
        if not radio.evaluate("r => document.querySelector(`input[name='${r.name}']:checked`)"):
            radio.check()
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_text("your answer to “Spring survey” is saved")).to_be_visible()
    expect(page.get_by_text("You answered this wave on")).to_be_visible()
    page.goto(f"{live_server.url}/")
    expect(page.get_by_test_id("waiting-list").filter(has_text="Spring survey")).to_have_count(0)
    page.get_by_role("button", name="Sign out").click()
    response = SurveyResponse.objects.get()
    assert (
        response.person_id is None
        and response.answers.count()
        == Item.objects.filter(factor__category__instrument__is_default=True).count()
    )

    # One answer: the steward reads "fewer than 5 answers", and no score.
    sign_in(page, live_server, "sam", PASSWORD)
    page.goto(f"{live_server.url}/partnerships/{world.pk}/surveys/")
    page.get_by_role("link", name="Spring survey").click()
    expect(page.get_by_text("Fewer than 5 answers so far")).to_be_visible()
    results = page.get_by_role("table", name="Each factor's score from 1 to 5")
    expect(results.get_by_text("Fewer than 5 answers").first).to_be_visible()
    expect(results.get_by_text("Strength")).to_have_count(0)

    # Four more answer (as the demo's respondents do, through the service): the scores show.
    wave = SurveyWave.objects.get()
    items = list(Item.objects.filter(factor__category__instrument=wave.instrument))
    for number in range(4):
        person = wave.invitations.get(person__user__username=f"c{number}").person
        answers = [
            {"item_id": item.pk, "value": 2 if item.factor.key == "means" else 4} for item in items
        ]
        services.answer_submit(wave=wave, person=person, answers=answers)
    page.reload()
    expect(page.get_by_text("Fewer than 5 answers so far")).to_have_count(0)
    row = results.get_by_role("row").filter(has_text="Respect and trust between partners")
    # Pat gave 5 to one of the factor's three statements: (5 + 4 + 4) ÷ 3, and four people's 4.
    expect(row).to_contain_text("4.07")
    expect(row).to_contain_text("Strength")
    means = results.get_by_role("row").filter(has_text="Enough money, staff and time")
    expect(means).to_contain_text("2.40")
    expect(means).to_contain_text("Concern")
    expect(page.get_by_text("the mean of those means over everyone who answered")).to_be_visible()
    # Three and two answers by organization: no breakdown by organization can be shown.
    expect(page.get_by_text("No breakdown by organization is shown")).to_be_visible()
    check_a11y(page)
    no_sideways_scroll(page)
    screenshot(page, "survey-results")
