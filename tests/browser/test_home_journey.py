"""The home page says what is waiting, in a real Chromium: a steward sees the member
organizations without a project director and their draft announcement, a signatory the MOU to
sign, and a candidate-side assessor (who holds no role) the assessment to score. Each line leads
to the page where the work is done; at 390 px the page does not scroll sideways.
"""

import pytest
from playwright.sync_api import Page, expect

from accord.alignment.models import Assessor
from accord.alignment.services.assessments import assessment_start, assessor_add
from accord.leadership.models import Announcement
from accord.leadership.services.mous import mou_create
from accord.leadership.services.signing import mou_send
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


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    host = OrganizationFactory(name="Society of Test Engineers", kind="internal")
    partner = OrganizationFactory(name="Mesa State University " + "with a long name " * 6)
    partnership = PartnershipFactory(title="Pathways into Civil Engineering")
    MembershipFactory(partnership=partnership, organization=host, kind="host")
    MembershipFactory(partnership=partnership, organization=partner)

    def person(username, name, organization, role=None):
        user = UserFactory(username=username, first_name=name.split()[0])
        found = PersonFactory(name=name, organization=organization, user=user)
        if role:
            RoleFactory(partnership=partnership, person=found, role=role)
        return user, found

    steward, steward_person = person("sam", "Sam Steward", host, "steward")
    _, host_leader = person("hana", "Hana Host", host, "leader")
    _, partner_leader = person("lee", "Lee Leader", partner, "leader")
    Announcement.objects.create(
        partnership=partnership,
        author=steward_person,
        created_by=steward,
        title="Summer programs",
        body="Two more.",
    )
    mou = mou_create(partnership=partnership, created_by=steward, title="Memorandum")
    mou_send(
        version=mou.versions.get(number=1),
        signatories=[(host_leader, 1), (partner_leader, 2)],
        signing_order="parallel",
        sent_by=steward,
        confirm_no_agreed_charter=True,
    )
    candidate = OrganizationFactory(name="Candidate Institute")
    assessment = assessment_start(partnership=partnership, candidate=candidate, created_by=steward)
    _, assessor = person("cara", "Cara Candidate", candidate)
    assessor_add(assessment=assessment, person=assessor, direction=Assessor.Direction.CANDIDATE)
    return {"partner": partner}


def waiting_line(page: Page, text: str):
    return page.get_by_test_id("waiting-list").get_by_role("listitem").filter(has_text=text)


def no_sideways_scroll(page: Page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url} is {width} px wide at 390 px"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_steward_sees_director_gaps_and_drafts(page: Page, live_server, world):
    sign_in(page, live_server, "sam", PASSWORD)
    expect(page.get_by_role("heading", name="Waiting for you")).to_be_visible()
    expect(waiting_line(page, "Project director missing")).to_have_count(2)
    expect(waiting_line(page, "Finish and send “Summer programs”")).to_be_visible()
    expect(waiting_line(page, "Sign")).to_have_count(0)
    expect(page.get_by_test_id("home-partnerships")).to_contain_text("Pathways")
    no_sideways_scroll(page)
    waiting_line(page, world["partner"].name).get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("project director")
    check_a11y(page)


def test_a_signatory_sees_the_mou_to_sign(page: Page, live_server, world):
    sign_in(page, live_server, "lee", PASSWORD)
    line = waiting_line(page, "Signature to give")
    expect(line).to_contain_text("Sign “Memorandum”, version 1")
    expect(line).to_contain_text("waiting since")
    expect(waiting_line(page, "Project director missing")).to_have_count(0)
    no_sideways_scroll(page)
    line.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Memorandum")
    check_a11y(page)


def test_a_candidate_side_assessor_sees_the_assessment(page: Page, live_server, world):
    sign_in(page, live_server, "cara", PASSWORD)
    line = waiting_line(page, "Scores to enter")
    expect(line).to_contain_text("Candidate Institute")
    expect(line).to_contain_text("Pathways into Civil Engineering")
    no_sideways_scroll(page)
    line.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Score Pathways into Civil Engineering"
    )
    check_a11y(page)
