"""The alignment pillar's user journeys in a real Chromium (A1): a steward finds a candidate
partner, has it assessed by two assessors and selects it; a candidate's own assessor sees only
their part. The charter's journey (A2, A3) is in test_charter_journey.py.

Every page visited is checked with axe-core (`check_a11y`); the `page` fixture fails the test on a
Content-Security-Policy violation, an uncaught script error or a page left unchecked. Several
people take turns in one browser by signing out and in through the real forms.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from accord.alignment.models import Assessment, Assessor, Score
from accord.alignment.queries.rubrics import default_rubric
from accord.alignment.services import assessments as assessing
from accord.alignment.services.discovery import organization_sentences
from accord.partnerships.models import Membership
from tests.browser.alignment import (
    HOST,
    PURPOSE,
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

# The default rubric, written by a data migration, is put back after each flush by
# tests/conftest.py (`_data_from_migrations`).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def pathways():
    """The partnership, its host, steward and project director (tests/browser/alignment.py)."""
    return create_pathways()


MATCH = "Prairie Rural Engineering Alliance"


@pytest.fixture
def directory(pathways):
    """Directory organizations that are not members: one fits the purpose, three clearly do not."""
    match = OrganizationFactory(
        name=MATCH,
        subtype="nonprofit",
        city="Ames",
        mission=(
            "We open engineering careers to first-generation college students from rural towns. "
            "Our members offer paid summer internships and mentoring with practicing civil "
            "engineers."
        ),
        values=["Access", "Mentorship"],
    )
    others = [
        OrganizationFactory(name=name, mission=mission)
        for name, mission in (
            ("Harbor Symphony Orchestra", "We play concerts. Our musicians visit hospitals."),
            ("Coastal Food Bank", "We collect surplus groceries and deliver meals to families."),
            ("Northern Wildlife Trust", "We protect wetlands and restore habitat for birds."),
        )
    ]
    return {"match": match, "others": others}


# --- Shared steps ---------------------------------------------------------------------------
def score_every_criterion(page: Page, scores: dict[str, int], note: str) -> None:
    """On the scoring page: pick a level for each criterion (4 unless named) and write a note.

    Each level's radio button is named by its score and its description, unique in the rubric.
    """
    for criterion in default_rubric().criteria.order_by("position", "pk"):
        score = scores.get(criterion.name, 4)
        level = f"{score} — {criterion.level_description(score)}"
        page.get_by_role("radio", name=level, exact=True).check()
        page.get_by_label(f"Note on “{criterion.name}”").fill(f"{note} ({criterion.name}).")
    check_a11y(page)
    page.get_by_role("button", name="Save my scores").click()
    expect(page.get_by_role("status")).to_contain_text("Your scores are saved.")


# --- Journey 1: discovery, a two-assessor assessment, selection (A1) -------------------------
def test_steward_finds_assesses_and_selects_a_candidate_partner(
    page: Page, live_server, pathways, directory
):
    partnership, match = pathways["partnership"], directory["match"]
    sign_in(page, live_server, "sam", PASSWORD)
    open_partnership(page, TITLE)
    open_section(page, "Find partners")

    # Discovery ranks the organization whose mission matches the purpose first, and explains it.
    expect(page.get_by_role("heading", level=1, name="Candidate partners")).to_be_visible()
    expect(page.get_by_text("4 candidates, best match first")).to_be_visible()
    ranked = page.get_by_role("list", name=re.compile(r"^Candidate partners, best match first"))
    first = ranked.get_by_role("listitem").filter(has=page.get_by_role("article")).first
    expect(first.get_by_role("heading", level=2)).to_have_text(f"1. {MATCH}")
    sentences = first.locator("q")
    expect(sentences).to_have_count(2)
    own_sentences = organization_sentences(match)
    assert all(text in own_sentences for text in sentences.all_inner_texts())
    expect(first).to_contain_text("paid summer internships")
    for other in directory["others"]:
        expect(ranked).to_contain_text(other.name)

    # "Start assessment" opens the form with the candidate and the default rubric chosen.
    first.get_by_role("link", name=f"Start assessment of {MATCH}").click()
    expect(page.get_by_role("heading", level=1, name="Start an assessment")).to_be_visible()
    expect(page.get_by_label("Candidate organization")).to_have_value(str(match.pk))
    expect(page.get_by_label("Rubric")).to_have_value(str(default_rubric().pk))
    check_a11y(page)
    page.get_by_role("button", name="Start assessment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Assessment of {MATCH}")
    expect(page.get_by_role("status")).to_contain_text("started. Now add its assessors.")
    check_a11y(page)

    # Two host-side assessors: the steward and the project director.
    add_host = page.get_by_role("form", name="Add an assessor: partnership assesses the candidate")
    for name in ("Sam Steward", "Dana Director"):
        add_host.get_by_label("Person").select_option(label=f"{name} ({HOST})")
        add_host.get_by_role("button", name="Add assessor").click()
        expect(page.get_by_role("status")).to_contain_text(f"{name} is now an assessor.")
        check_a11y(page)
    assessors = page.get_by_role("region", name="Assessors", exact=True).get_by_role("listitem")
    expect(assessors).to_have_count(2)
    expect(assessors.first).to_contain_text("not scored yet")
    expect(add_host).to_contain_text("Everyone who holds a role in the partnership")

    # The steward scores every criterion.
    page.get_by_role("link", name="Score now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Score {MATCH}")
    check_a11y(page)
    score_every_criterion(page, {}, "Seen in their annual report")
    check_a11y(page)

    # The project director signs in, finds the assessment and scores it, two points apart on
    # "Mission fit".
    switch_user(page, live_server, "dana")
    open_partnership(page, TITLE)
    open_section(page, "Assessments")
    page.get_by_role("link", name=MATCH).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Assessment of {MATCH}")
    check_a11y(page)
    page.get_by_role("link", name="Score now").click()
    check_a11y(page)
    apart = {"Mission fit": 2, "Capacity and resources": 3}
    score_every_criterion(page, apart, "From our call with their director")
    expect(page.get_by_role("link", name="Change my scores")).to_be_visible()
    check_a11y(page)

    # The steward reads the results: the weighted score, both assessors, one criterion to discuss.
    # Weights 2, 2, 1.5, 1.5, 1, 1, 1; means 3, 4, 4, 4, 3.5, 4, 4: (6 + 28 + 3.5) / 10 = 3.75.
    switch_user(page, live_server, "sam")
    open_partnership(page, TITLE)
    open_section(page, "Assessments")
    expect(row(page.get_by_role("table", name=re.compile("^Assessments")), MATCH)).to_contain_text(
        "3.75"
    )
    page.get_by_role("link", name=MATCH).click()
    host_side = page.get_by_role("region", name=f"The partnership's assessors score {MATCH}")
    expect(host_side).to_contain_text("Weighted score 3.75 of 5")
    expect(host_side).to_contain_text("75% of the top score")
    expect(host_side).to_contain_text("2 of 2 assessors")
    table = host_side.get_by_role("table", name=re.compile(r"^Scores per criterion"))
    expect(table.get_by_role("columnheader", name="Sam Steward")).to_be_visible()
    expect(table.get_by_role("columnheader", name="Dana Director")).to_be_visible()
    expect(row(table, "Mission fit")).to_contain_text("Discuss")
    expect(row(table, "Capacity and resources")).to_contain_text("Close")  # 1 point apart
    expect(host_side.get_by_text("To discuss:")).to_be_visible()
    expect(host_side).to_contain_text("Mission fit (scores from 2 to 4)")
    host_side.get_by_text("The assessors' notes").click()
    expect(host_side).to_contain_text("From our call with their director (Mission fit).")
    candidate_side = page.get_by_role("region", name=f"{MATCH}'s assessors score the partnership")
    expect(candidate_side).to_contain_text("No scores yet, and no assessors on this side.")
    check_a11y(page)

    # The decision: select, with its rationale.
    page.get_by_role("link", name="Record the decision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Decide on {MATCH}")
    expect(page.locator("main")).to_contain_text("1 criterion to discuss")
    check_a11y(page)
    page.get_by_label("Decision").select_option("select")
    rationale = "Strong mission fit; we talked the mission score through and both agree now."
    page.get_by_label("Rationale").fill(rationale)
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Decision recorded: select. {MATCH} is now a partner member."
    )
    expect(page.get_by_role("heading", name="Decision: Select")).to_be_visible()
    expect(page.get_by_role("link", name="Record the decision")).to_have_count(0)
    check_a11y(page)

    # The organization is now a member, on the partnership page and in the database.
    open_section(page, "Overview")
    members = page.get_by_role("table", name=re.compile("Member organizations"))
    expect(members.get_by_role("row")).to_have_count(3)  # header + host + the new partner
    expect(row(members, MATCH)).to_contain_text("Partner")

    assert partnership.memberships.current().get(organization=match).kind == "partner"
    assessment = Assessment.objects.get(partnership=partnership, candidate=match)
    assert (assessment.status, assessment.decision) == ("decided", "select")
    assert (assessment.rationale, assessment.decided_by.username) == (rationale, "sam")
    assert assessment.rubric == default_rubric()
    assessors = assessment.assessors.values_list("person__name", "direction")
    assert sorted(assessors) == [("Dana Director", "host"), ("Sam Steward", "host")]
    scores = Score.objects.filter(assessor__assessment=assessment)
    assert scores.count() == 2 * assessment.rubric.criteria.count()
    assert all(score.note for score in scores)
    mission_fit = scores.filter(criterion__name="Mission fit")
    assert sorted(mission_fit.values_list("score", flat=True)) == [2, 4]


# --- Journey 3: a candidate's own assessor (A1, two-way) -------------------------------------
@pytest.fixture
def candidate_assessor(pathways, directory):
    """An open assessment with a scored host-side assessor and a candidate-side assessor."""
    partnership, match = pathways["partnership"], directory["match"]
    partner = OrganizationFactory(name="Mesa Community College", subtype="university")
    MembershipFactory(partnership=partnership, organization=partner)
    assessment = assessing.assessment_start(partnership=partnership, candidate=match)
    director = pathways["director"]
    host_side = assessing.assessor_add(assessment=assessment, person=director, direction="host")
    notes = [
        assessing.ScoreEntry(c.pk, 5, "A private note.") for c in assessment.rubric.criteria.all()
    ]
    assessing.assessment_score(assessment=assessment, assessor=host_side, scores=notes)
    rita = person_with_login("rita", "Rita Rivera", match, "executive")
    mine = assessing.assessor_add(assessment=assessment, person=rita, direction="candidate")
    return {**pathways, "assessment": assessment, "assessor": mine}


def test_candidate_assessor_sees_and_scores_only_their_own_part(
    page: Page, live_server, candidate_assessor
):
    assessment = candidate_assessor["assessment"]
    partnership = candidate_assessor["partnership"]
    sign_in(page, live_server, "rita", PASSWORD)
    expect(page.get_by_text("You do not hold a role in any partnership yet.")).to_be_visible()

    # The assessment page: the partnership's title, purpose and host, and their own part only.
    page.goto(assessment.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Your assessment for {TITLE}")
    main = page.locator("main")
    expect(main).to_contain_text(PURPOSE)
    expect(main.get_by_role("link", name=HOST)).to_be_visible()
    expect(main).to_contain_text("You have not scored yet.")
    expect(page.get_by_role("navigation", name=re.compile(r"^Sections of "))).to_have_count(0)
    for hidden in ("Member organizations", "Mesa Community College", "Dana Director", "private"):
        expect(main).not_to_contain_text(hidden)
    check_a11y(page)

    # Scoring the partnership and its host.
    page.get_by_role("link", name="Score now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Score {TITLE}")
    expect(page.get_by_role("navigation", name="Breadcrumb")).to_contain_text(
        f"Your assessment for {TITLE}"
    )
    expect(main).not_to_contain_text("Dana Director")
    check_a11y(page)
    score_every_criterion(page, {"History of collaboration": 2}, "We met their team twice")
    scores = page.get_by_role("table", name=re.compile(r"^Your score of each criterion"))
    expect(scores.get_by_role("row")).to_have_count(1 + assessment.rubric.criteria.count())
    expect(row(scores, "History of collaboration")).to_contain_text(
        "We met their team twice (History of collaboration)."
    )
    expect(page.get_by_role("link", name="Change my scores")).to_be_visible()
    expect(main).not_to_contain_text("private")
    check_a11y(page)

    # The partnership itself, its assessments and its charter stay out of reach: not found.
    for url in (
        partnership.get_absolute_url(),
        f"/partnerships/{partnership.pk}/assessments/",
        f"/partnerships/{partnership.pk}/charter/",
    ):
        response = page.goto(url)
        assert response is not None and response.status == 404
        expect(page.get_by_role("heading", level=1, name="Not found")).to_be_visible()
        expect(page.locator("main")).not_to_contain_text(TITLE)
        check_a11y(page)

    mine = candidate_assessor["assessor"]
    assert mine.direction == Assessor.Direction.CANDIDATE
    assert mine.scores.count() == assessment.rubric.criteria.count()
    assert mine.scores.get(criterion__name="History of collaboration").score == 2
    assert not Membership.objects.filter(partnership=partnership, organization__name=MATCH).exists()
    host_scores = Score.objects.filter(assessor__assessment=assessment).exclude(assessor=mine)
    assert set(host_scores.values_list("score", flat=True)) == {5}  # the other side untouched
