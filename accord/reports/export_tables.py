"""The tables Accord exports as CSV and XLSX (issue 15, item 6), read as their list pages read them.

Each table starts from the list page's own query and filter form (the same GET parameters), and
narrows it once more to the rows the policy lets the user see (`visible_to`), so that an export
never holds a row its list would not show. The partnership itself was loaded by the view through
`partnership_or_404` (404 for someone without a role). The columns are the list's, in words, and
the details its pages show every reader; nothing a page keeps to some readers.

The measurement values, which go through disclosure control, are in export_values.py.
"""

from __future__ import annotations

from django.db.models import Prefetch

from accord.alignment.models import Assessment
from accord.alignment.queries import assessments as assessment_queries
from accord.alignment.views.assessments import AssessmentFilterForm
from accord.directory import queries as directory_queries
from accord.directory.forms import OrganizationFilterForm, PersonFilterForm
from accord.leadership.models import Commitment
from accord.leadership.queries import commitments as commitment_queries
from accord.leadership.views.commitments import RecordFilterForm
from accord.measurement import queries_deliverables
from accord.measurement.forms_deliverables import DeliverableFilterForm
from accord.measurement.models_deliverables import Deliverable
from accord.partnerships.queries import memberships_of
from accord.relationships import queries_engagements, queries_ledger
from accord.relationships.models_engagements import Engagement, EngagementAttendee
from accord.relationships.models_ledger import Input

from . import export_values
from .exports import DATE, DATETIME, NUMBER, Column, Table, register


def _display(name: str):
    """The label of a choice field (`get_<name>_display`)."""
    return lambda row: getattr(row, f"get_{name}_display")()


def _name(path: str):
    """The name of a related record (`organization`, `person__organization`), or None."""

    def value(row):
        for part in path.split("__"):
            row = getattr(row, part, None)
            if row is None:
                return None
        return row.name

    return value


def _filters(form) -> dict:
    form.is_valid()
    return {name: value for name, value in form.cleaned_data.items() if value}


def _archived(row) -> str:
    return "archived" if row.archived_at else ""


# --- the directory -------------------------------------------------------------------------------
def organization_rows(user, partnership, params):
    organizations = directory_queries.organizations_for(
        user, **_filters(OrganizationFilterForm(params))
    )
    return organizations.iterator(chunk_size=2000)


ORGANIZATIONS = register(
    Table(
        name="organizations",
        title="Organizations",
        scope="directory",
        list_url="directory:organization-list",
        rows=organization_rows,
        columns=[
            Column("Name", lambda o: o.name),
            Column("Internal or external", _display("kind"), width=18),
            Column("Type", _display("subtype")),
            Column("City", lambda o: o.city),
            Column("State or region", lambda o: o.region),
            Column("Country", lambda o: o.country, width=16),
            Column("Website", lambda o: o.website),
            Column("Mission", lambda o: o.mission, width=60),
            Column("People", lambda o: o.people_count, NUMBER),
            Column("Archived", _archived, width=10),
        ],
    )
)


def people_rows(user, partnership, params):
    filters = _filters(PersonFilterForm(params))
    organization = filters.pop("organization", None)
    if organization is not None:
        filters["organization_id"] = organization.pk
    return directory_queries.people_for(user, **filters).iterator(chunk_size=2000)


# The people list shows every reader a person's name, title, organization, level and address;
# their account, roles and history stay on the pages that decide who sees them.
PEOPLE = register(
    Table(
        name="people",
        title="People",
        scope="directory",
        list_url="directory:person-list",
        rows=people_rows,
        columns=[
            Column("Name", lambda p: p.name),
            Column("Title", lambda p: p.title),
            Column("Organization", _name("organization")),
            Column("Level", _display("level"), width=18),
            Column("E-mail address", lambda p: p.email),
            Column("Archived", _archived, width=10),
        ],
    )
)


# --- alignment -----------------------------------------------------------------------------------
def assessment_rows(user, partnership, params):
    form = AssessmentFilterForm(params or None)
    filters = form.cleaned_data if form.is_valid() else {}
    assessments = assessment_queries.assessments_of(partnership, **filters)
    assessments = assessments.filter(pk__in=Assessment.objects.visible_to(user).values("pk"))
    return assessment_queries.with_weighted_scores(assessments)


def _score(direction: str):
    return lambda a: getattr(a, f"{direction}_display")


ASSESSMENTS = register(
    Table(
        name="assessments",
        title="Assessments",
        list_url="alignment:assessment-list",
        rows=assessment_rows,
        columns=[
            Column("Candidate", _name("candidate")),
            Column("Rubric", _name("rubric")),
            Column("Status", _display("status"), width=12),
            Column("Decision", _display("decision"), width=12),
            Column("Partnership's score of the candidate (1-5)", _score("host"), NUMBER),
            Column("Candidate's score of the partnership (1-5)", _score("candidate"), NUMBER),
            Column("Assessors", lambda a: a.assessor_count, NUMBER),
            Column("Started", lambda a: a.created_at, DATETIME),
            Column("Decided", lambda a: a.decided_at, DATETIME),
            Column("Rationale", lambda a: a.rationale, width=50),
        ],
    )
)


# --- leadership ----------------------------------------------------------------------------------
def commitment_rows(user, partnership, params):
    filters = RecordFilterForm(params or None, partnership=partnership).filters()
    commitments = commitment_queries.commitments_of(partnership, **filters)
    return commitments.filter(pk__in=Commitment.objects.visible_to(user).values("pk"))


COMMITMENTS = register(
    Table(
        name="commitments",
        title="Commitments",
        list_url="leadership:commitments",
        rows=commitment_rows,
        columns=[
            Column("Person", _name("person")),
            Column("Organization", _name("organization")),
            Column("Kind", _display("kind"), width=12),
            Column("Description", lambda c: c.description, width=50),
            Column("Amount", lambda c: c.amount, NUMBER),
            Column("Unit", lambda c: c.unit, width=14),
            Column("From", lambda c: c.starts_on, DATE),
            Column("Until", lambda c: c.ends_on, DATE),
            Column("Status", _display("status"), width=12),
        ],
    )
)


# --- relationships -------------------------------------------------------------------------------
def engagement_rows(user, partnership, params):
    attendees = EngagementAttendee.objects.select_related("person", "organization").order_by(
        "organization__name", "name", "person__name", "pk"
    )
    engagements = queries_engagements.engagements_of(partnership).prefetch_related(
        "groups", Prefetch("attendees", queryset=attendees)
    )
    return engagements.filter(pk__in=Engagement.objects.visible_to(user).values("pk"))


def _attendee(attendee) -> str:
    who = attendee.person.name if attendee.person_id else attendee.name
    return f"{who} ({attendee.organization.name})"


def _attendees(engagement) -> str:
    return "; ".join(map(_attendee, engagement.attendees.all()))


ENGAGEMENTS = register(
    Table(
        name="engagements",
        title="Engagements",
        list_url="relationships:engagements",
        rows=engagement_rows,
        columns=[
            Column("Engagement", lambda e: e.title),
            Column("Kind", _display("kind"), width=18),
            Column("Level", _display("level"), width=16),
            Column("Starts (local time)", lambda e: e.starts_at, DATETIME),
            Column("Ends (local time)", lambda e: e.ends_at, DATETIME),
            Column("Time zone", lambda e: e.time_zone, width=18),
            Column("Place", lambda e: e.place),
            Column("Link", lambda e: e.link),
            Column("Stakeholder groups", lambda e: "; ".join(g.name for g in e.groups.all())),
            Column("Attendees", lambda e: e.attendee_count, NUMBER),
            Column("Who attended", _attendees, width=50),
            Column("Open action items", lambda e: e.open_actions, NUMBER),
        ],
    )
)


LEDGER_STATUSES = ("open", "closed", "all")


def input_rows(user, partnership, params):
    status = params.get("status", "open")
    status = status if status in LEDGER_STATUSES else "open"
    inputs = queries_ledger.inputs_of(partnership, None if status == "all" else status)
    inputs = inputs.filter(pk__in=Input.objects.visible_to(user).values("pk"))
    return (queries_ledger.mark_deadlines(item) for item in inputs)


def _input_state(item) -> str:
    if item.status == Input.Status.CLOSED:
        return f"Closed: {item.get_close_reason_display().lower()}"
    if item.waiting_for:
        due = item.ack_due if item.waiting_for == "acknowledgement" else item.response_due
        verb = "acknowledge" if item.waiting_for == "acknowledgement" else "answer"
        late = "Past deadline: " if item.overdue else ""
        return f"{late}to {verb} by {due:%Y-%m-%d}"
    return "Answered"


# Who gave input is shown to the partnership's members only (the submitter, "Anonymous" for
# anonymous input, which keeps no identity at all); the public page never names anyone.
INPUT = register(
    Table(
        name="input",
        title="Input",
        list_url="relationships:ledger",
        rows=input_rows,
        columns=[
            Column("Subject", lambda i: i.subject),
            Column("Received", lambda i: i.received_at, DATETIME),
            Column("Channel", _display("channel"), width=12),
            Column("Source", _display("source"), width=18),
            Column("From", lambda i: i.submitter),
            Column("Submitter's organization", _name("organization")),
            Column("Submitter's e-mail", lambda i: i.email),
            Column("In answer to", lambda i: i.consultation.question if i.consultation else ""),
            Column("Input", lambda i: i.text, width=60),
            Column("Assigned to", lambda i: i.assignee.name if i.assignee else "the stewards"),
            Column("State", _input_state, width=30),
            Column("Acknowledged", lambda i: i.acknowledged_at, DATETIME),
            Column("Answered", lambda i: i.responded_at, DATETIME),
            Column("Response", lambda i: i.response, width=50),
            Column("Published", lambda i: i.published_at, DATETIME),
            Column("Actions taken", lambda i: i.action_count, NUMBER),
        ],
    )
)


# --- measurement ---------------------------------------------------------------------------------
def deliverable_rows(user, partnership, params):
    organizations = [m.organization for m in memberships_of(partnership)]
    form = DeliverableFilterForm(params or None, organizations=organizations)
    status, organization_id = "", None
    if form.is_bound and form.is_valid():
        status = form.cleaned_data["status"]
        organization_id = form.cleaned_data["organization"] or None
    found = queries_deliverables.deliverables_of(
        partnership, status=status, organization_id=organization_id
    )
    return found.filter(pk__in=Deliverable.objects.visible_to(user).values("pk"))


DELIVERABLES = register(
    Table(
        name="deliverables",
        title="Deliverables",
        list_url="measurement:deliverables",
        rows=deliverable_rows,
        columns=[
            Column("Deliverable", lambda d: d.title),
            Column("Organization", _name("organization")),
            Column("Description", lambda d: d.description, width=50),
            Column("Due on", lambda d: d.due_on, DATE),
            Column("Status", _display("status"), width=12),
            Column("Delivered on", lambda d: d.delivered_on, DATE),
            Column("Evidence", lambda d: d.evidence_count, NUMBER),
        ],
    )
)


VALUES = register(
    Table(
        name="values",
        title="Values",
        list_url="measurement:periods",
        rows=export_values.value_rows,
        columns=export_values.COLUMNS,
    )
)
