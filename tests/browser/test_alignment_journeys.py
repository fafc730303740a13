"""The alignment pillar's user journeys in a real Chromium (A1-A3): a steward finds a candidate
partner, has it assessed by two assessors and selects it; a charter is written, discussed at two
levels, made final and endorsed by every member; a candidate's own assessor sees only their part.

Every page visited is checked with axe-core (`check_a11y`); the `page` fixture fails the test on a
Content-Security-Policy violation, an uncaught script error or a page left unchecked. Several
people take turns in one browser by signing out and in through the real forms.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from accord.alignment.models import Assessment, Assessor, CharterVersion, Score
from accord.alignment.queries.charter import agreement_for
from accord.alignment.queries.rubrics import default_rubric
from accord.alignment.readability import text_stats
from accord.alignment.services import assessments as assessing
from accord.alignment.services.discovery import organization_sentences
from accord.partnerships.models import Membership
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

# The default rubric, written by a data migration, is put back after each flush by
# tests/conftest.py (`_data_from_migrations`).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOST = "Society of Bridge Engineers"
TITLE = "Rural Pathways into Civil Engineering"
PURPOSE = (
    "Paid summer internships and mentoring in civil engineering for first-generation college "
    "students from rural towns."
)
MATCH = "Prairie Rural Engineering Alliance"


def person_with_login(username: str, name: str, organization, level: str, role=None, of=None):
    """A directory person who signs in as `username`, with a `role` in partnership `of` if given."""
    first, last = name.split()
    user = UserFactory(username=username, first_name=first, last_name=last)
    person = PersonFactory(name=name, organization=organization, user=user, level=level)
    if role:
        RoleFactory(partnership=of, person=person, role=role)
    return person


@pytest.fixture
def pathways():
    """A partnership with a purpose, hosted by a society; its steward and a project director."""
    mission = "Advance the practice of bridge engineering through standards and training."
    host = OrganizationFactory(name=HOST, kind="internal", subtype="committee", mission=mission)
    partnership = PartnershipFactory(title=TITLE, purpose=PURPOSE)
    MembershipFactory(partnership=partnership, organization=host, kind="host")
    person_with_login("sam", "Sam Steward", host, "manager", "steward", partnership)
    director = person_with_login(
        "dana", "Dana Director", host, "senior_leader", "project_director", partnership
    )
    return {"partnership": partnership, "host": host, "director": director}


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
def switch_user(page: Page, live_server, username: str) -> None:
    """Sign the current person out through the navigation bar and sign `username` in."""
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_label("User name")).to_be_visible()
    sign_in(page, live_server, username, PASSWORD)


def open_section(page: Page, name: str) -> None:
    """Follow one of the partnership's section tabs (Overview, Charter, Assessments, ...)."""
    sections = page.get_by_role("navigation", name=re.compile(r"^Sections of "))
    tab = sections.get_by_role("link", name=name, exact=True)
    tab.click()
    expect(tab).to_have_attribute("aria-current", "page")
    check_a11y(page)


def open_partnership(page: Page, title: str) -> None:
    """From the home page after signing in: the partnership listed under "Your partnerships"."""
    page.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    check_a11y(page)


def row(table, first_cell: str):
    """The row of `table` whose first cell starts with `first_cell`."""
    return table.get_by_role("row", name=re.compile(rf"^{re.escape(first_cell)}"))


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


# --- Journey 2: the charter, from a first draft to agreed (A2, A3) ---------------------------
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


def add_value(page: Page, name: str, meaning: str) -> None:
    """Fill the empty "New value" of the edit page and save."""
    new = page.get_by_role("group", name="New value")
    new.get_by_label("Value", exact=True).fill(name)
    new.get_by_label("What it means in practice").fill(meaning)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Version 1 saved.")
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

    # The benefits for each member organization, and two core values (one new value per save).
    page.get_by_label(f"Benefits for {HOST}").fill("Members who mentor, and engineers to hire.")
    page.get_by_label(f"Benefits for {partner.name}").fill("Paid internships for its students.")
    add_value(page, "Open doors", "We pay every intern and cover their travel.")
    add_value(page, "Listening", "Students help choose the projects each summer.")
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
