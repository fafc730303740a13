"""Demo input ledger (R6) of "Bridges to Civil Engineering Careers": a year of input.

Twelve pieces of input over the past year: from the public form (anonymous and signed), by
e-mail, at meetings, and in answer to a consultation on the summer bridge schedule. Most are
acknowledged and answered within the partnership's deadlines; one anonymous question from a parent
has waited past its deadline to be acknowledged; one, about stipends for students who work, is
answered, acted on and published on the public "you said, we did" page. The public form is on.
Each input is keyed by its subject in the partnership, so loading the demo again changes nothing.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from .models_engagements import ActionItem, Engagement
from .models_ledger import Consultation, Input
from .services_ledger import (
    consultation_create,
    input_acknowledge,
    input_action_add,
    input_assign,
    input_close,
    input_publish,
    input_record,
    input_respond,
    input_submit_public,
    settings_set,
)

CONSULTATION = "Which weeks suit the summer bridge program?"
# fmt: off
# (days ago, how ("public", "anonymous", "email", "meeting", "consultation"), who, subject,
#  text, assignee, days to acknowledge, days to respond, response, close (reason, explanation))
INPUTS = [
    (350, "email", "Maria Lopez", "Transport from the valley campuses",
     "Students from the valley campuses cannot reach the summer bridge without a bus.",
     "mendoza", 2, 20, "We added a shuttle from both valley campuses to the plan.",
     ("acted_on", "")),
    (320, "meeting", "", "Elders want a say in the mentoring program",
     "At the kickoff, Thomas Begay asked that tribal elders help choose mentors.",
     "whitehorse", 1, 15, "Elders now sit on the mentor selection panel.", ("acted_on", "")),
    (290, "anonymous", "", "Stipends for students who work",
     "Many of us work summer jobs to support our families. An unpaid internship is not "
     "possible for us. Will the internships pay?",
     "grant", 3, 25, "Yes. Every internship in the program now pays a stipend of at least $18 an "
     "hour, and host firms help with housing.", ("acted_on", "")),
    (260, "public", "James Carter", "Application deadline too early",
     "The application closes before our spring grades come out.", "mensah", 4, 28,
     "We moved the deadline two weeks later.", ("acted_on", "")),
    (230, "email", "Ana Ruiz", "Spanish-language information for families",
     "Parents asked for the program information in Spanish.", "ruiz", 2, 12,
     "The flyers and the web page are now in Spanish as well.", ("acted_on", "")),
    (200, "anonymous", "", "Same question about stipends",
     "Are the internships paid?", "grant", 2, 6,
     "Yes; see our answer on the public page.", ("duplicate", "")),
    (170, "meeting", "", "Housing near host firms",
     "Students at the planning session said rents near the host firms are too high.",
     "lee", 3, 40, "We are asking host firms about housing; not every firm could help.",
     ("not_acted_on", "Two host firms could not offer housing this year; we will ask again.")),
    (120, "consultation", "Kofi Mensah", "Weeks 2 to 7 suit Carver State",
     "Carver State's summer session ends in week 1: weeks 2 to 7 work best.", "mensah", 1, 10,
     "Thank you; the program runs in weeks 2 to 7.", None),
    (110, "consultation", "", "Avoid the powwow weekend",
     "Please keep the second weekend of July free: many of our students dance at the powwow.",
     "whitehorse", 2, 9, "The schedule leaves that weekend free.", None),
    (20, "public", "Dana Brooks", "A mentor for first-generation students",
     "Could each first-generation student have a mentor who was first-generation too?",
     "fischer", 3, None, "", None),
    (25, "email", "Luis Herrera", "Laptops for the summer bridge",
     "Some students will not have a laptop for the summer bridge.", "grant", 2, None,
     "We are looking for a sponsor: draft, not yet sent.", None),
    (12, "anonymous", "", "Is there help with childcare?",
     "I am a parent and a student. Is there childcare during the summer bridge?",
     None, None, None, "", None),
]
# fmt: on


def _at(days_ago: int, today, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(today - timedelta(days=days_ago), time(hour)))


def seed_ledger(context) -> None:
    partnership = context.partnerships["bridges"]
    people = context.people
    if Input.objects.filter(partnership=partnership).exists():
        return
    today = timezone.localdate()
    settings_set(
        partnership=partnership,
        ack_days=5,
        response_days=30,
        public_form=True,
        form_question="How could the Bridges pathway work better for you?",
    )
    consultation = Consultation.objects.filter(
        partnership=partnership, question=CONSULTATION
    ).first() or consultation_create(
        partnership=partnership,
        question=CONSULTATION,
        description="The summer bridge runs six weeks. Tell us which weeks suit your students, "
        "campus and community.",
        opens_on=today - timedelta(days=130),
        closes_on=today - timedelta(days=100),
    )
    for spec in INPUTS:
        days, how, who, subject, text, assignee, ack, answer, response, close = spec
        received = _at(days, today)
        if how in ("public", "anonymous"):
            item = input_submit_public(
                partnership=partnership,
                subject=subject,
                text=text,
                anonymous=how == "anonymous",
                name=who,
                received_at=received,
            )
        else:
            item = input_record(
                partnership=partnership,
                subject=subject,
                text=text,
                channel={"email": "email", "meeting": "meeting"}.get(how, "form"),
                consultation=consultation if how == "consultation" else None,
                name=who,
                received_at=received,
            )
        if assignee:
            input_assign(item=item, assignee=people[assignee])
            person = people[assignee]
            if ack is not None:
                input_acknowledge(item=item, by=person.user, when=received + timedelta(days=ack))
            if response:
                sent = answer is not None
                when = received + timedelta(days=answer) if sent else None
                input_respond(item=item, response=response, by=person.user, send=sent, when=when)
            if close:
                input_close(item=item, reason=close[0], explanation=close[1])
        if subject == "Stipends for students who work":
            input_action_add(item=item, text="Every internship pays at least $18 an hour.")
            engagement = Engagement.objects.filter(
                partnership=partnership, title="Internship planning session"
            ).first()
            if engagement is not None:
                input_action_add(item=item, engagement=engagement)
            action = ActionItem.objects.filter(
                engagement__partnership=partnership,
                title="Send the draft internship agreement to partners",
            ).first()
            if action is not None:
                input_action_add(item=item, action_item=action)
            input_publish(item=item)
        context.log.append(f"input {item}")
