"""Demo data for the alignment pillar: an assessment in progress (A1).

"Bridges to Civil Engineering Careers" assesses the Society for Inclusive Engineering Practice
(SIEP), which is not yet a member: the steward has scored every criterion, the Carver Heights
project director has scored part of them (and differs by 2 points on one, so it is flagged for
discussion), and SIEP's executive director scores the partnership from the candidate's side.
Loading the demo again changes nothing.
"""

from accord.core.services import save_validated

from ..models import Assessment, Assessor, Score
from ..services.assessments import ScoreEntry, assessment_score, assessment_start, assessor_add

PARTNERSHIP = "bridges"
CANDIDATE = "siep"
HOST, CANDIDATE_SIDE = Assessor.Direction.HOST, Assessor.Direction.CANDIDATE

# person key, direction, scores in the rubric's order (with a note each), complete or not
ASSESSORS = [
    (
        "vega",
        HOST,
        [
            (5, "Mentoring early-career engineers is their core program."),
            (4, "A published commitment with goals; less on how it guides decisions."),
            (4, "A national mentoring network running for years, with yearly figures."),
            (3, "Members from under-represented groups; students advise but do not decide."),
            (2, "A small staff; the mentoring coordinator could give a few hours a month."),
            (4, "Worked with our transportation institute on the standards pilot."),
            (4, "Plain, quick communication; conference season is their busy time."),
        ],
        True,
    ),
    (
        "mensah",
        HOST,
        [
            (4, "Fits the mentoring strand of the pathway well."),
            (5, "Their courage value shows in what they advocate for."),
            (4, "Travel grants reached many of our students."),
            (5, "Early-career members sit on their board with a vote."),
        ],
        False,
    ),
    (
        "adeyemi",
        CANDIDATE_SIDE,
        [
            (5, "The pathway is exactly the pipeline our members come through."),
            (4, "SCEE publishes a yearly JEDI report with goals."),
            (4, "Scholarships and training requirements are in place."),
            (3, "Students take part as contributors and stakeholders, not yet in decisions."),
            (4, "Paid internships and staff time are pledged by the partners."),
            (4, "The standards pilot went well for both sides."),
            (3, "More formal than we are; meetings fall in the working day."),
        ],
        True,
    ),
]


def seed(context) -> None:
    """Add the assessment in progress, its assessors and their scores, once."""
    partnership = context.partnerships[PARTNERSHIP]
    candidate = context.organizations[CANDIDATE]
    assessment = Assessment.objects.filter(partnership=partnership, candidate=candidate).first()
    if assessment is None:
        if partnership.memberships.current().filter(organization=candidate).exists():
            return  # someone made it a member already: nothing left to assess
        assessment = assessment_start(
            partnership=partnership, candidate=candidate, created_by=context.users["steward"]
        )
        context.log.append(f"assessment of {candidate} for {partnership}")
    if assessment.status != Assessment.Status.OPEN:
        return
    criteria = list(assessment.rubric.criteria.order_by("position", "pk"))
    for person_key, direction, scores, complete in ASSESSORS:
        person = context.people[person_key]
        assessor = assessment.assessors.filter(person=person, archived_at__isnull=True).first()
        if assessor is None:
            assessor = assessor_add(assessment=assessment, person=person, direction=direction)
            context.log.append(f"assessor {person} of {candidate}")
        if assessor.scores.exists():
            continue
        if complete:
            entries = [
                ScoreEntry(criterion.pk, *scores[index % len(scores)])
                for index, criterion in enumerate(criteria)
            ]
            assessment_score(assessment=assessment, assessor=assessor, scores=entries)
        else:
            # Scoring cut short: the pages and the API only save complete sheets, so the demo
            # writes the rows itself to show an assessor who is not finished.
            for criterion, (score, note) in zip(criteria, scores, strict=False):
                save_validated(
                    Score(assessor=assessor, criterion=criterion, score=score, note=note)
                )
        context.log.append(f"scores of {person}")
