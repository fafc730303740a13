"""Who may do what in Accord: the one place that says it.

Every page, API route, export, task and e-mail asks here, through `accord.core.access`
(`visible_to`, `editable_by`, `get_visible_or_404`, `can`, `require`). Three kinds of rule:

- partnership-wide permissions by role (`ROLE_PERMISSIONS`): what holding a role lets a person do
  to a partnership and everything inside it;
- namespaced actions (`ACTIONS`), where a part of Accord needs its own rule
  (`leadership.mou.sign`, `directory.person.link_account`, ...);
- named object-level predicates, below, for rules that depend on the object (own record,
  signatory of this MOU, nominee of this pending handover, assessor of this assessment, partner of
  this organization).

The base rule (SPEC "Access rule"): a person sees a partnership and anything inside it only while
holding a role in it, or as platform administrator. The exceptions, each lasting only while its
reason lasts, are written in docs/decisions.md ("Who may see what without a role"): a nominee
sees their pending nomination, and a candidate-side assessor sees the assessment they score.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import models

from .rules import ME, HoldsRole, Rule, UserRule, Where, is_platform_admin, signed_in


class Role(models.TextChoices):
    """A person's role inside one partnership."""

    STEWARD = "steward", "Steward"
    PROJECT_DIRECTOR = "project_director", "Project director"
    LEADER = "leader", "Leader"
    CONTRIBUTOR = "contributor", "Contributor"
    STAKEHOLDER = "stakeholder", "Stakeholder"
    VIEWER = "viewer", "Viewer"


class Perm(models.TextChoices):
    """What a role allows inside a partnership."""

    VIEW = "view", "See the partnership and everything inside it"
    CONTRIBUTE = "contribute", "Add records inside the partnership"
    CHANGE = "change", "Edit the partnership's details"
    MANAGE_MEMBERS = "manage_members", "Add, change and remove member organizations"
    MANAGE_ROLES = "manage_roles", "Give and take people's roles"
    TRANSITION = "transition", "Move the partnership through its lifecycle"
    ARCHIVE = "archive", "Archive the partnership"
    COMMENT = "comment", "Comment on drafts and give input"
    ENDORSE = "endorse", "Endorse the charter for one's own organization"


# --- Partnership-wide permissions by role -------------------------------------------------------
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    # Endorsing speaks for a member organization: its leaders and project directors do it (A3).
    Role.STEWARD: frozenset(Perm.values) - {Perm.ENDORSE},
    Role.PROJECT_DIRECTOR: frozenset(
        {Perm.VIEW, Perm.CONTRIBUTE, Perm.CHANGE, Perm.COMMENT, Perm.ENDORSE}
    ),
    Role.LEADER: frozenset({Perm.VIEW, Perm.CONTRIBUTE, Perm.COMMENT, Perm.ENDORSE}),
    Role.CONTRIBUTOR: frozenset({Perm.VIEW, Perm.CONTRIBUTE, Perm.COMMENT}),
    Role.STAKEHOLDER: frozenset({Perm.VIEW, Perm.COMMENT}),
    Role.VIEWER: frozenset({Perm.VIEW}),
}


def roles_with(permission: str) -> list[str]:
    """The roles that grant the partnership-wide `permission`."""
    return [role for role, perms in ROLE_PERMISSIONS.items() if permission in perms]


def role(permission: str) -> HoldsRole:
    """Holding a role that grants the partnership-wide `permission`."""
    return HoldsRole(*roles_with(permission))


STEWARD = HoldsRole(Role.STEWARD)
# The roles that speak for a member organization: they endorse, sign and write to everyone. A
# platform administrator speaks for an organization only through such a role of their own.
SPEAKS_FOR_AN_ORGANIZATION = HoldsRole(Role.LEADER, Role.PROJECT_DIRECTOR, admins=False)


# --- Rules about the user alone -----------------------------------------------------------------
def _holds_role_anywhere(user, role_name: str) -> bool:
    return (
        get_user_model()
        .objects.filter(
            pk=user.pk,
            person__archived_at__isnull=True,
            person__roles__archived_at__isnull=True,
            person__roles__role=role_name,
        )
        .exists()
    )


def _person_of(user):
    person = getattr(user, "person", None)
    return person if person is not None and person.archived_at is None else None


PLATFORM_ADMIN = UserRule(is_platform_admin, "platform administrator")
SIGNED_IN = UserRule(signed_in, "signed in")
NOBODY = UserRule(lambda user: False, "nobody")
# Stewards bring new partners in, so they keep the shared directory (and start partnerships).
STEWARD_ANYWHERE = UserRule(
    lambda user: is_platform_admin(user) or _holds_role_anywhere(user, Role.STEWARD),
    "steward of any partnership",
)


def _holds_roles_in_several(user) -> bool:
    partnerships = (
        get_user_model()
        .objects.filter(
            pk=user.pk,
            person__archived_at__isnull=True,
            person__roles__archived_at__isnull=True,
        )
        .values("person__roles__partnership")
        .distinct()
    )
    return partnerships[:2].count() >= 2


PORTFOLIO_HOLDER = UserRule(
    lambda user: is_platform_admin(user) or _holds_roles_in_several(user),
    "platform administrator or role-holder in several partnerships",
)
# Comments, records and signatures are a person's: an account without a directory person (the
# platform administrator's, often) cannot speak as anyone.
NO_PERSON = (
    "Your account is not linked to a person in the directory, so Accord cannot tell who is "
    "speaking. Ask a platform administrator to link your account to your directory entry."
)
HAS_PERSON = UserRule(
    lambda user: _person_of(user) is not None, "has a person in the directory", reason=NO_PERSON
)


# --- Named object-level predicates --------------------------------------------------------------
OWN_RECORD = Where("own record", person__user=ME)
WRITTEN_BY_ME = Where("written by me", created_by=ME)
SIGNATORY_OF_THIS_VERSION = Where(
    "signatory of this MOU version",
    signatories__person__user=ME,
    signatories__person__archived_at__isnull=True,
)
NOMINEE_OF_THIS_PENDING_HANDOVER = Where(
    "nominee of this pending handover",
    status="pending",
    incoming__user=ME,
    incoming__archived_at__isnull=True,
)
A_DRAFT = Where("a draft", status="draft")
NOMINATOR_OF_THIS_HANDOVER = Where("nominated this handover", nominated_by=ME)
ASSESSOR_OF_THIS_ASSESSMENT = Where(
    "assessor of this assessment",
    assessors__person__user=ME,
    assessors__person__archived_at__isnull=True,
    assessors__archived_at__isnull=True,
)
# On a membership: the user is the current project director of its organization there (L6).
DIRECTOR_OF_THIS_MEMBER = Where(
    "project director of this member organization",
    organization__partnership_roles__person__user=ME,
    organization__partnership_roles__person__archived_at__isnull=True,
    organization__partnership_roles__role=Role.PROJECT_DIRECTOR,
    organization__partnership_roles__archived_at__isnull=True,
    organization__partnership_roles__partnership=models.F("partnership"),
)
# On an organization: the user is one of its own (current) people.
OWN_ORGANIZATION = Where("own organization", people__user=ME, people__archived_at__isnull=True)
# On an organization: the user added it to the directory, and none of its (current) people can
# sign in yet. Until someone of its own can speak for it, the steward who brought it in sees and
# fills in its culture profile; the first of its people with an account takes over.
ADDED_BY_ME_WITHOUT_PEOPLE = Where("added it to the directory", created_by=ME) & ~Where(
    "has people of its own who sign in",
    people__archived_at__isnull=True,
    people__user__isnull=False,
)


# On a submission of values (M3): the user holds a current role that adds records in the
# partnership, for the submitting organization.
OF_THE_SUBMITTING_ORGANIZATION = Where(
    "one of the submitting organization's people",
    organization__partnership_roles__person__user=ME,
    organization__partnership_roles__person__archived_at__isnull=True,
    organization__partnership_roles__archived_at__isnull=True,
    organization__partnership_roles__role__in=roles_with(Perm.CONTRIBUTE),
    organization__partnership_roles__partnership=models.F("period__partnership"),
)
# On a pledge (M5): the user holds a current role that adds records in the pledge's partnership,
# for the pledging organization.
OF_THE_PLEDGING_ORGANIZATION = Where(
    "one of the pledging organization's people",
    organization__partnership_roles__person__user=ME,
    organization__partnership_roles__person__archived_at__isnull=True,
    organization__partnership_roles__archived_at__isnull=True,
    organization__partnership_roles__role__in=roles_with(Perm.CONTRIBUTE),
    organization__partnership_roles__partnership=models.F("partnership"),
)
# On a submission: the user is the current project director of the organization responsible for
# one of the period's indicators (they review its data with the steward, M3). Asked of the
# period's set of measures, with the period's partnership from the submission.
_RESPONSIBLE = "indicators__responsible_organization__partnership_roles__"
DIRECTOR_OF_A_RESPONSIBLE_ORGANIZATION = Where(
    "project director of an organization responsible for one of the period's indicators",
    through="period__measures_version",
    **{
        _RESPONSIBLE + "person__user": ME,
        _RESPONSIBLE + "person__archived_at__isnull": True,
        _RESPONSIBLE + "role": Role.PROJECT_DIRECTOR,
        _RESPONSIBLE + "archived_at__isnull": True,
        _RESPONSIBLE + "partnership": models.OuterRef("period__partnership"),
    },
)

# On a progress report (M4): a partner report is one member organization's view; its people
# with a current role in the report's partnership read it.
A_PARTNER_REPORT = Where("a partner report", audience="partner")
OF_THE_REPORT_ORGANIZATION = Where(
    "one of the report organization's people",
    organization__partnership_roles__person__user=ME,
    organization__partnership_roles__person__archived_at__isnull=True,
    organization__partnership_roles__archived_at__isnull=True,
    organization__partnership_roles__partnership=models.F("partnership"),
)

# On a survey wave: the user's (current) person is one of the people the wave asks.
INVITED_TO_THIS_WAVE = Where(
    "asked by this survey wave",
    invitations__person__user=ME,
    invitations__person__archived_at__isnull=True,
)


# On a deliverable (M2): the user holds a current role that adds records in its partnership, for
# the organization that delivers it.
OF_THE_DELIVERING_ORGANIZATION = Where(
    "one of the delivering organization's people",
    organization__partnership_roles__person__user=ME,
    organization__partnership_roles__person__archived_at__isnull=True,
    organization__partnership_roles__archived_at__isnull=True,
    organization__partnership_roles__role__in=roles_with(Perm.CONTRIBUTE),
    organization__partnership_roles__partnership=models.F("partnership"),
)


def partner_of_this_organization(permission: str) -> Where:
    """On an organization: a current member of a live partnership where the user holds a role
    granting `permission` (its partners plan with its culture profile, A4)."""
    return Where(
        f"partner of this organization ({permission})",
        memberships__left_on__isnull=True,
        memberships__archived_at__isnull=True,
        memberships__partnership__archived_at__isnull=True,
        memberships__partnership__roles__person__user=ME,
        memberships__partnership__roles__person__archived_at__isnull=True,
        memberships__partnership__roles__archived_at__isnull=True,
        memberships__partnership__roles__role__in=roles_with(permission),
    )


# On a person: holds a current role or has an account. Such a person's account, organization and
# address decide what someone can reach, so only an administrator changes them (or the person,
# for their own address).
ATTACHED_PERSON = Where(
    "holds a role", roles__isnull=False, roles__archived_at__isnull=True
) | Where("has an account", user__isnull=False)
THE_PERSON_THEMSELF = Where("the person themself", user=ME)
# On a person: of a current member organization of a live partnership the user stewards (a
# steward asks for their invitation, item 13).
OF_A_MEMBER_I_STEWARD = Where(
    "person of a member organization of a partnership I steward",
    organization__memberships__left_on__isnull=True,
    organization__memberships__archived_at__isnull=True,
    organization__memberships__partnership__archived_at__isnull=True,
    organization__memberships__partnership__roles__person__user=ME,
    organization__memberships__partnership__roles__person__archived_at__isnull=True,
    organization__memberships__partnership__roles__archived_at__isnull=True,
    organization__memberships__partnership__roles__role=Role.STEWARD,
)


# --- Namespaced actions -------------------------------------------------------------------------
@dataclass(frozen=True)
class Action:
    """Something a person may do, who may do it, and what a person who may not is told."""

    rule: Rule
    denied: str


ACTIONS: dict[str, Action] = {
    # Partnerships
    "partnerships.partnership.create": Action(
        STEWARD_ANYWHERE, "Only stewards and platform administrators may start partnerships."
    ),
    # Directory (shared by everyone signed in)
    "directory.view": Action(SIGNED_IN, "Sign in to see the directory."),
    "directory.edit": Action(
        STEWARD_ANYWHERE,
        "Only stewards and platform administrators may change the directory.",
    ),
    "directory.person.link_account": Action(
        PLATFORM_ADMIN,
        "Only a platform administrator links a person to a user account: the account would "
        "open everything the person's roles open.",
    ),
    "directory.person.move": Action(
        PLATFORM_ADMIN | (STEWARD_ANYWHERE & ~ATTACHED_PERSON),
        "Only a platform administrator moves a person who holds roles or has an account to "
        "another organization.",
    ),
    "directory.person.archive": Action(
        PLATFORM_ADMIN | (STEWARD_ANYWHERE & ~ATTACHED_PERSON),
        "Only a platform administrator archives a person who holds roles or has an account: "
        "archiving ends what their roles open.",
    ),
    "directory.person.change_email": Action(
        PLATFORM_ADMIN | THE_PERSON_THEMSELF | (STEWARD_ANYWHERE & ~ATTACHED_PERSON),
        "Only a platform administrator, or the person on their own profile, changes the e-mail "
        "address of a person who holds roles or has an account.",
    ),
    "directory.values.change": Action(
        STEWARD_ANYWHERE | OWN_ORGANIZATION,
        "Only the organization's own people, stewards and platform administrators may change "
        "its values profile.",
    ),
    "directory.culture.view": Action(
        PLATFORM_ADMIN
        | OWN_ORGANIZATION
        | partner_of_this_organization(Perm.VIEW)
        | (STEWARD_ANYWHERE & ADDED_BY_ME_WITHOUT_PEOPLE),
        "Only the organization's own people and its partners see its culture profile.",
    ),
    "directory.culture.change": Action(
        PLATFORM_ADMIN
        | OWN_ORGANIZATION
        | partner_of_this_organization(Perm.MANAGE_MEMBERS)
        | (STEWARD_ANYWHERE & ADDED_BY_ME_WITHOUT_PEOPLE),
        "Only the organization's own people, the stewards of its partnerships, the steward who "
        "added it while none of its people signs in, and platform administrators may change its "
        "culture profile.",
    ),
    # Invitations: an account opens everything the person's roles open, so only an administrator
    # sends one; a steward asks for one for a person of a member organization of theirs.
    "invitations.invitation.send": Action(
        PLATFORM_ADMIN,
        "Only a platform administrator sends invitations: an invitation opens everything the "
        "person's roles open.",
    ),
    "invitations.invitation.ask": Action(
        STEWARD_ANYWHERE, "Only stewards and platform administrators may ask for invitations."
    ),
    "invitations.invitation.request": Action(
        PLATFORM_ADMIN | OF_A_MEMBER_I_STEWARD,
        "You may ask for an invitation only for a person of a member organization of a "
        "partnership you steward.",
    ),
    # Alignment (A1-A3)
    "alignment.rubric.view": Action(SIGNED_IN, "Sign in to see the rubrics."),
    "alignment.rubric.manage": Action(
        PLATFORM_ADMIN, "Only platform administrators may change rubrics."
    ),
    "alignment.assessment.view": Action(
        role(Perm.VIEW) | ASSESSOR_OF_THIS_ASSESSMENT,
        "Only the partnership's members and the assessment's assessors see it.",
    ),
    "alignment.assessment.score": Action(
        ASSESSOR_OF_THIS_ASSESSMENT,
        "Only the assessors of this assessment score it, and you are not one of them. Ask the "
        "partnership's steward to add you as an assessor.",
    ),
    "alignment.charter.comment": Action(
        role(Perm.COMMENT) & HAS_PERSON,
        "Comments are a person's: your role does not allow commenting, or your account is not "
        "linked to a person in the directory.",
    ),
    "alignment.charter.endorse": Action(
        SPEAKS_FOR_AN_ORGANIZATION & HAS_PERSON,
        "Only a leader or project director of a member organization endorses the charter.",
    ),
    # Leadership (L1-L6)
    "leadership.template.view": Action(SIGNED_IN, "Sign in to see the MOU templates."),
    "leadership.template.manage": Action(
        PLATFORM_ADMIN, "Only platform administrators may change MOU templates."
    ),
    "leadership.mou.sign": Action(
        SPEAKS_FOR_AN_ORGANIZATION & SIGNATORY_OF_THIS_VERSION,
        "Only the people asked to sign this version may sign it.",
    ),
    "leadership.announcement.write": Action(
        STEWARD | SPEAKS_FOR_AN_ORGANIZATION,
        "Only stewards, project directors and leaders write announcements.",
    ),
    # A draft is read by those who may write one; what was sent, by everyone taking part.
    "leadership.announcement.read": Action(
        STEWARD | SPEAKS_FOR_AN_ORGANIZATION | (role(Perm.VIEW) & ~A_DRAFT),
        "This announcement is a draft; it is shown once it is sent.",
    ),
    "leadership.announcement.manage": Action(
        STEWARD | (SPEAKS_FOR_AN_ORGANIZATION & WRITTEN_BY_ME),
        "Only the person who wrote this draft, or a steward, may change or send it.",
    ),
    "leadership.record.log": Action(
        role(Perm.CONTRIBUTE) & HAS_PERSON,
        "Your role does not let you log records here, or your account is not linked to a person "
        "in the directory.",
    ),
    "leadership.record.log_for_others": Action(
        STEWARD, "Only a steward may log a record for someone else."
    ),
    # The create pages: for oneself, or (a steward) for someone taking part.
    "leadership.record.create": Action(
        STEWARD | (role(Perm.CONTRIBUTE) & HAS_PERSON),
        "Your role does not let you log records here, or your account is not linked to a person "
        "in the directory.",
    ),
    "leadership.record.change": Action(
        STEWARD | (role(Perm.CONTRIBUTE) & OWN_RECORD),
        "Only the record's own person or a steward may change it.",
    ),
    "leadership.director.name": Action(
        STEWARD, "Only a steward names a member organization's first project director."
    ),
    "leadership.handover.view": Action(
        role(Perm.VIEW) | NOMINEE_OF_THIS_PENDING_HANDOVER,
        "Only the partnership's members and the nominee see this nomination.",
    ),
    "leadership.handover.nominate": Action(
        STEWARD | DIRECTOR_OF_THIS_MEMBER,
        "Only a steward or the organization's project director may nominate its next project "
        "director.",
    ),
    "leadership.handover.answer": Action(
        NOMINEE_OF_THIS_PENDING_HANDOVER, "Only the nominee can answer this nomination."
    ),
    "leadership.handover.cancel": Action(
        STEWARD | NOMINATOR_OF_THIS_HANDOVER,
        "Only a steward, or whoever nominated, may cancel a handover.",
    ),
    # Relationships (R1-R3): the groups a partnership's work affects are part of its details.
    "relationships.affected.manage": Action(
        role(Perm.CHANGE),
        "Only a steward or project director names the groups this partnership's work affects.",
    ),
    "relationships.body.manage": Action(
        role(Perm.CHANGE),
        "Only a steward or project director sets up planning bodies and their seats.",
    ),
    "relationships.meeting.record": Action(
        role(Perm.CONTRIBUTE),
        "Your role does not let you record meetings here.",
    ),
    # Engagements (R4, R5): members who add records log them; an action item's owner closes it.
    "relationships.engagement.manage": Action(
        role(Perm.CONTRIBUTE), "Your role in this partnership does not allow recording engagements."
    ),
    "relationships.action.change": Action(
        role(Perm.CONTRIBUTE) | (role(Perm.VIEW) & Where("owner", owner__user=ME)),
        "Only the action item's owner, or a member who records engagements, may change it.",
    ),
    "relationships.rhythm.change": Action(
        role(Perm.CHANGE), "Only a steward or project director sets how often partners meet."
    ),
    # Trust and value network (R6): a steward opens and closes survey waves; a leader or project
    # director of a member organization answers for it (the services check which organization).
    "relationships.trust.manage": Action(
        STEWARD, "Only a steward opens and closes trust survey waves."
    ),
    "relationships.trust.respond": Action(
        SPEAKS_FOR_AN_ORGANIZATION & HAS_PERSON,
        "Only a leader or project director of a member organization answers the trust survey "
        "for it, and their account must be linked to a person in the directory.",
    ),
    # Input ledger (R6): members who add records record and triage input; its assignee answers
    # it too; the steward turns the public form on and chooses what "you said, we did" shows.
    "relationships.input.record": Action(
        role(Perm.CONTRIBUTE), "Your role in this partnership does not allow recording input."
    ),
    "relationships.input.triage": Action(
        role(Perm.CONTRIBUTE) | (role(Perm.VIEW) & Where("assignee", assignee__user=ME)),
        "Only the input's assignee, or a member who records input, may triage and answer it.",
    ),
    "relationships.input.publish": Action(
        STEWARD, "Only a steward chooses what the public “you said, we did” page shows."
    ),
    "relationships.consultation.manage": Action(
        role(Perm.CHANGE), "Only a steward or project director opens consultations."
    ),
    "relationships.ledger.settings": Action(
        STEWARD,
        "Only a steward sets the input deadlines and turns the public input form on or off.",
    ),
    # Shared measurement (M1, M2): the measures set partners agree to, like the charter.
    "measurement.measures.change": Action(
        role(Perm.CHANGE),
        "Only a steward or project director drafts the measures set and its indicators.",
    ),
    "measurement.measures.comment": Action(
        role(Perm.COMMENT) & HAS_PERSON,
        "Comments are a person's: your role does not allow commenting, or your account is not "
        "linked to a person in the directory.",
    ),
    "measurement.measures.endorse": Action(
        SPEAKS_FOR_AN_ORGANIZATION & HAS_PERSON,
        "Only a leader or project director of a member organization endorses the measures set.",
    ),
    # Collecting data (M3): a steward or project director sets the reporting periods; values from
    # an organization are entered by its own people and the steward only; the steward or the
    # project director of an indicator's responsible organization returns, approves and reopens.
    "measurement.period.manage": Action(
        role(Perm.CHANGE), "Only a steward or project director sets the reporting periods."
    ),
    "measurement.values.enter": Action(
        STEWARD | OF_THE_SUBMITTING_ORGANIZATION,
        "Only the organization's own people who add records, or a steward, enter its values.",
    ),
    "measurement.values.review": Action(
        STEWARD | DIRECTOR_OF_A_RESPONSIBLE_ORGANIZATION,
        "Only a steward, or the project director of an organization responsible for one of the "
        "period's indicators, reviews submitted values.",
    ),
    # Disclosure control (docs/decisions.md, "Disclosure control"): every output outside data
    # entry shows counts through accord/core/disclosure.py, except to the people who entered
    # them. On a submission: its own organization's people who add records, or a steward; on a
    # partnership (tables across organizations): a steward only.
    "measurement.values.unsuppressed": Action(
        STEWARD | OF_THE_SUBMITTING_ORGANIZATION,
        "Only the organization that entered these values, or a steward, sees small counts.",
    ),
    "disclosure.unsuppressed": Action(
        STEWARD, "Only a steward sees the small counts of tables across organizations."
    ),
    # Qualitative evidence (M3): everyone with a role reads it; members who add records record
    # it; its author (while still adding records) or a steward changes or archives it.
    "measurement.evidence.record": Action(
        role(Perm.CONTRIBUTE), "Your role in this partnership does not allow recording evidence."
    ),
    "measurement.evidence.change": Action(
        STEWARD | (role(Perm.CONTRIBUTE) & WRITTEN_BY_ME),
        "Only the person who recorded this evidence, or a steward, may change or archive it.",
    ),
    # Deliverables (M2): a steward or project director sets them; the delivering organization's
    # people who add records report progress on them (status, date delivered, evidence).
    "measurement.deliverable.manage": Action(
        role(Perm.CHANGE), "Only a steward or project director sets the deliverables."
    ),
    "measurement.deliverable.report": Action(
        role(Perm.CHANGE) | OF_THE_DELIVERING_ORGANIZATION,
        "Only the delivering organization's people who add records, a steward or a project "
        "director report on this deliverable.",
    ),
}

ACTIONS |= {
    # A partnership's archive holds everything in it: its steward downloads it; importing one
    # adds directory records, so only a platform administrator does (issue 15, item 6).
    "reports.archive.export": Action(
        STEWARD, "Only a steward downloads the whole partnership as an archive."
    ),
    "reports.archive.import": Action(
        PLATFORM_ADMIN, "Only a platform administrator imports a partnership archive."
    ),
    # Digests (M4): a steward sets up what the partnership's digest e-mails say and to whom;
    # a person with several partnerships (or an administrator) may have one across them all.
    "reports.digest.manage": Action(
        STEWARD, "Only a steward sets up the partnership's e-mail digests."
    ),
    "reports.digest.receive": Action(
        role(Perm.VIEW), "Only the partnership's members receive its digests."
    ),
    "reports.digest.portfolio": Action(
        PORTFOLIO_HOLDER,
        "A portfolio digest is for platform administrators and people with roles in several "
        "partnerships.",
    ),
    # Resources (M5): a steward or project director records the pledges and the currency; what
    # an organization delivered is logged by its own people who add records, or a steward.
    "measurement.resources.manage": Action(
        role(Perm.CHANGE),
        "Only a steward or project director records pledges and the partnership's currency.",
    ),
    "measurement.contribution.log": Action(
        STEWARD | OF_THE_PLEDGING_ORGANIZATION,
        "Only the pledging organization's own people who add records, or a steward, log what it "
        "delivered.",
    ),
    # Collaboration survey: instruments are shared data that administrators keep; a steward opens
    # and closes a partnership's waves; the people a wave asks answer it (once); everyone with a
    # role reads the results, which show a factor only above the minimum number of respondents.
    "surveys.instrument.view": Action(SIGNED_IN, "Sign in to see the survey instruments."),
    "surveys.instrument.manage": Action(
        PLATFORM_ADMIN, "Only platform administrators change survey instruments."
    ),
    "surveys.wave.manage": Action(STEWARD, "Only a steward opens and closes survey waves."),
    "surveys.wave.answer": Action(
        role(Perm.VIEW) & INVITED_TO_THIS_WAVE,
        "This wave did not ask you: it asks the people holding the roles (and levels) its "
        "steward chose when it opened.",
    ),
    "surveys.results.view": Action(
        role(Perm.VIEW), "Only the partnership's members read its survey results."
    ),
    # Progress reports (M4): the steward writes, builds and publishes them; an internal or
    # public report is read by everyone with a role, a partner report by the steward and its
    # organization's people. A published public report is read by anyone at its token's URL
    # (no action: the view checks that it is public and published).
    "reports.manage": Action(
        STEWARD, "Only a steward creates, writes, builds and publishes progress reports."
    ),
    "reports.report.read": Action(
        STEWARD
        | (role(Perm.VIEW) & ~A_PARTNER_REPORT)
        | (role(Perm.VIEW) & A_PARTNER_REPORT & OF_THE_REPORT_ORGANIZATION),
        "This report is one member organization's view: its people and the steward read it.",
    ),
    # An anonymous answer's trail would give the moment it was written: no page shows it.
    "surveys.response.trail": Action(NOBODY, "Survey answers have no trail to read."),
}

ACTIONS |= {
    # The portfolio (issue 15, item 5): everyone signed in; it lists only the partnerships the
    # person may see (the partnership list's visibility), so an outsider's is empty.
    "evaluation.portfolio.view": Action(SIGNED_IN, "Sign in to see the portfolio."),
}

# Each partnership-wide permission is an action too, granted by the roles of the table above.
for _permission in Perm:
    ACTIONS[_permission.value] = Action(
        role(_permission), "Your role in this partnership does not allow this."
    )


def action(name: str) -> Action:
    """The action called `name`; an unknown name is a programming error, never a silent "no"."""
    try:
        return ACTIONS[str(name)]
    except KeyError:
        raise KeyError(f"Accord's policy has no action {name!r}.") from None


def roles_granting(name: str) -> frozenset[str]:
    """The partnership roles that an action's rule names (e.g. who may be asked to sign)."""
    return action(name).rule.roles()
