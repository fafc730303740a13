"""Reads for the MOU pages and API (L5): MOUs and versions with a fixed number of queries, who
may sign for each member organization, the verification of stored documents, and the audit trail.
"""

from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from accord.core.access import get_visible_or_404
from accord.core.audit import HistoryEntry, field_change
from accord.core.policy import roles_granting
from accord.directory.models import Organization, Person
from accord.partnerships.models import Partnership, PartnershipRole
from accord.partnerships.queries import memberships_of

from ..models import Mou, MouSection, MouVersion, Signatory
from ..mou_context import register_mou_data  # noqa: F401  (later pillars add to an MOU's data)
from ..rendering import stored_sha256

VS = MouVersion.Status
# Who may sign for a member organization: its leaders and its project director (L5, L6).
# Who may be asked to sign: the roles that the policy lets sign (accord/core/policy.py).
SIGNER_ROLES = roles_granting("leadership.mou.sign")


def _latest(field_name: str):
    rows = MouVersion.objects.filter(mou=OuterRef("pk")).order_by("-number").values(field_name)
    return Subquery(rows[:1])


def mous_of(partnership: Partnership | int) -> QuerySet[Mou]:
    """A partnership's MOUs and amendments, newest first, with their latest version's figures."""
    counts = (
        MouVersion.objects.filter(mou=OuterRef("pk"))
        .order_by()
        .values("mou")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Mou.objects.filter(partnership=partnership)
        .select_related("template", "amends", "partnership", "created_by")
        .annotate(
            latest_number=_latest("number"),
            latest_status=_latest("status"),
            version_count=Coalesce(Subquery(counts, output_field=IntegerField()), 0),
        )
        .order_by("-created_at", "-pk")
    )


def get_mou_or_404(user, partnership_pk, mou_pk, permission=None) -> Mou:
    return get_visible_or_404(
        user, mous_of(partnership_pk), permission, pk=mou_pk, partnership_id=partnership_pk
    )


def versions_of(mou: Mou | int) -> QuerySet[MouVersion]:
    signatories = (
        Signatory.objects.order_by()
        .filter(version=OuterRef("pk"))
        .values("version")
        .annotate(n=Count("pk"))
        .values("n")
    )
    signed = signatories.filter(status=Signatory.Status.SIGNED)
    return (
        MouVersion.objects.filter(mou=mou)
        .select_related("mou__partnership", "sent_by", "created_by")
        .annotate(
            signatory_count=Coalesce(Subquery(signatories, output_field=IntegerField()), 0),
            signed_count=Coalesce(Subquery(signed, output_field=IntegerField()), 0),
        )
        .order_by("-number")
    )


def get_version_or_404(user, partnership_pk, mou_pk, number, permission=None) -> MouVersion:
    versions = versions_of(mou_pk).filter(mou__partnership_id=partnership_pk)
    return get_visible_or_404(user, versions, permission, number=number)


def with_details(versions: QuerySet[MouVersion]) -> QuerySet[MouVersion]:
    """Prefetch each version's sections and signatories (two queries for any number)."""
    return versions.prefetch_related(
        Prefetch("sections", queryset=MouSection.objects.order_by("position", "pk")),
        Prefetch("signatories", queryset=signatories_queryset()),
    )


def signatories_queryset() -> QuerySet[Signatory]:
    return Signatory.objects.select_related("person__organization", "organization").order_by(
        "order", "pk"
    )


def sections_of(version: MouVersion) -> QuerySet[MouSection]:
    return version.sections.order_by("position", "pk")


def signatories_of(version: MouVersion) -> QuerySet[Signatory]:
    return signatories_queryset().filter(version=version)


def working_version(mou: Mou) -> MouVersion | None:
    """The version in draft or out for signature (there is at most one)."""
    return mou.versions.filter(status__in=[VS.DRAFT, VS.OUT_FOR_SIGNATURE]).first()


def executed_version(mou: Mou) -> MouVersion | None:
    return mou.versions.filter(status=VS.EXECUTED).first()


def signatory_of(user, version: MouVersion) -> Signatory | None:
    """The user's own signature request on `version`, if they were asked to sign it."""
    if not (user and user.is_authenticated):
        return None
    return signatories_of(version).filter(person__user=user).first()


# --- Who may sign -------------------------------------------------------------------------------
@dataclass
class SignerChoice:
    """A member organization and the people who may sign for it."""

    organization: Organization
    people: list[Person] = field(default_factory=list)


def signer_choices(partnership: Partnership) -> list[SignerChoice]:
    """Per current member organization (hosts first), who may sign for it (two queries).

    A signatory holds a current role of leader or project director that speaks for the
    organization, and has an Accord account to sign in with.
    """
    choices = {m.organization_id: SignerChoice(m.organization) for m in memberships_of(partnership)}
    roles = (
        PartnershipRole.objects.filter(
            partnership=partnership,
            role__in=list(SIGNER_ROLES),
            archived_at__isnull=True,
            organization_id__in=list(choices),
            person__archived_at__isnull=True,
            person__user__isnull=False,
            person__user__is_active=True,
        )
        .select_related("person")
        .order_by("person__name", "pk")
    )
    for role in roles:
        people = choices[role.organization_id].people
        if role.person not in people:
            people.append(role.person)
    return list(choices.values())


# --- Verification -------------------------------------------------------------------------------
@dataclass
class DocumentCheck:
    """A stored document's SHA-256 now, against the one recorded when it was stored."""

    label: str
    recorded: str
    current: str | None

    @property
    def present(self) -> bool:
        return self.current is not None

    @property
    def intact(self) -> bool:
        return self.current is not None and self.current == self.recorded


@dataclass
class SignatureCheck:
    signatory: Signatory
    intact: bool


@dataclass
class Verification:
    """Whether the stored documents still match what was signed (L5)."""

    version: MouVersion
    document: DocumentCheck | None
    certificate: DocumentCheck | None
    signatures: list[SignatureCheck]

    @property
    def intact(self) -> bool:
        checks = [c for c in (self.document, self.certificate) if c is not None]
        return (
            bool(checks)
            and all(c.intact for c in checks)
            and all(s.intact for s in self.signatures)
        )


def verification_of(version: MouVersion) -> Verification:
    """Recompute the SHA-256 of the stored document and certificate, and compare."""
    document = certificate = None
    if version.document:
        document = DocumentCheck(
            "Document sent for signature"
            if not version.external
            else "Document signed outside Accord",
            version.document_sha256,
            stored_sha256(version.document),
        )
    if version.certificate_document:
        certificate = DocumentCheck(
            "Executed document with its signing certificate",
            version.certificate_sha256,
            stored_sha256(version.certificate_document),
        )
    current = document.current if document else None
    signatures = [
        SignatureCheck(s, current is not None and s.signed_sha256 == current)
        for s in signatories_of(version).filter(status=Signatory.Status.SIGNED)
    ]
    return Verification(version, document, certificate, signatures)


def executed_mous_not_intact() -> list[str]:
    """The executed MOU versions whose stored documents no longer match their recorded SHA-256
    (checked after a restore, accord/core/backups.py)."""
    executed = MouVersion.objects.filter(status=MouVersion.Status.EXECUTED).select_related(
        "mou__partnership"
    )
    return [
        f"The executed MOU “{version.mou}” (version {version.number}) of "
        f"“{version.mou.partnership}” does not match the document that was signed."
        for version in executed.order_by("pk")
        if not verification_of(version).intact
    ]


# --- History ------------------------------------------------------------------------------------
SKIPPED = {"updated_at", "created_at", "position", "last_reminded_at"}
ACTIONS = {"+": "added", "~": "changed", "-": "removed"}


def _shown(model, field_name: str, value) -> str:
    if value in (None, ""):
        return "—"
    model_field = model._meta.get_field(field_name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.get_internal_type() == "FileField":
        return "a stored PDF"
    if model_field.is_relation:
        related = model_field.related_model._default_manager.filter(pk=value).first()
        return getattr(related, "display_name", None) or str(related or f"#{value}")
    if hasattr(value, "strftime"):
        return value.strftime("%-d %b %Y, %H:%M" if hasattr(value, "hour") else "%-d %b %Y")
    return str(value)


def _entries(records, model, describe) -> list[HistoryEntry]:
    """Entries for historical rows (oldest first per object), each against the one before."""
    previous: dict[int, object] = {}
    entries = []
    for record in records:
        before = previous.get(record.id)
        previous[record.id] = record
        who = record.history_user.display_name if record.history_user_id else "Accord"
        entry = HistoryEntry(
            record.history_date, who, describe(record, ACTIONS[record.history_type])
        )
        if before is not None and record.history_type == "~":
            for change in record.diff_against(before).changes:
                if change.field in SKIPPED:
                    continue
                change_read = field_change(model, change.field, change.old, change.new)
                change_read.old = _shown(model, change.field, change.old)
                change_read.new = _shown(model, change.field, change.new)
                entry.changes.append(change_read)
            if not entry.changes:
                continue  # a save that changed nothing anyone reads
        entries.append(entry)
    return entries


def _grouped_sections(records) -> list[HistoryEntry]:
    """Sections are drafted and removed together: one entry per batch, and one per edit."""
    entries: list[HistoryEntry] = []
    batch: list = []

    def flush():
        if len(batch) == 1:
            entries.extend(_entries(batch, MouSection, _section_action))
        elif batch:
            who = batch[0].history_user.display_name if batch[0].history_user_id else "Accord"
            verb = "drafted" if batch[0].history_type == "+" else "removed"
            entries.append(
                HistoryEntry(batch[0].history_date, who, f"{len(batch)} sections {verb}")
            )
        batch.clear()

    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        if record.history_type == "~":
            continue
        if batch and (
            record.history_type != batch[0].history_type
            or record.history_user_id != batch[0].history_user_id
            or (record.history_date - batch[-1].history_date).total_seconds() > 5
        ):
            flush()
        batch.append(record)
    flush()
    edits = _entries(records, MouSection, _section_action)  # records: oldest first per section
    return entries + [entry for entry in edits if entry.action.endswith(" changed")]


def _section_action(record, action: str) -> str:
    return f"Section “{record.heading}” {action}"


def _rows(history) -> list:
    return list(history.select_related("history_user").order_by("id", "history_date", "history_id"))


def version_history(version: MouVersion, limit: int = 100) -> list[HistoryEntry]:
    """The version's audit trail with its sections and signatures, newest first."""
    own = _entries(
        _rows(MouVersion.history.filter(id=version.pk)),
        MouVersion,
        lambda r, a: f"Version {r.number} {'started' if a == 'added' else a}",
    )
    sections = _grouped_sections(_rows(MouSection.history.filter(version_id=version.pk)))
    signature_rows = _rows(Signatory.history.filter(version_id=version.pk))
    people = dict(
        Person.objects.filter(pk__in={r.person_id for r in signature_rows}).values_list(
            "pk", "name"
        )
    )
    signatures = _entries(
        signature_rows,
        Signatory,
        lambda r, a: f"Signature of {people.get(r.person_id, 'a signatory')} {a}",
    )
    merged = sorted([*own, *sections, *signatures], key=lambda entry: entry.when, reverse=True)
    return merged[:limit]


def mou_history(mou: Mou, limit: int = 50) -> list[HistoryEntry]:
    return _entries(
        _rows(Mou.history.filter(id=mou.pk)),
        Mou,
        lambda r, a: f"MOU {'started' if a == 'added' else a}",
    )[::-1][:limit]


# --- Public verification (L5) -------------------------------------------------------------------
@dataclass
class PublicVerification:
    """What anyone holding a copy learns from its SHA-256: which executed MOU it is, whether it
    is the executed document or the exact document signed, and who signed it when."""

    version: MouVersion
    kind: str  # "executed", "signed" or "external"
    signatories: list[Signatory]

    @property
    def label(self) -> str:
        return {
            "executed": "the executed document: the signed pages with their signing certificate",
            "signed": "the exact document that every signatory signed, as sent for signature",
            "external": "an MOU signed outside Accord, recorded in Accord as executed",
        }[self.kind]


def verify_sha256(sha256: str) -> PublicVerification | None:
    """The executed MOU version whose executed or signed document has this SHA-256, or None.

    Only executed versions answer: a draft, a version out for signature or a voided one is no
    executed Accord document, and a hash that matches nothing reveals nothing. Deliberately not
    scoped to a person: whoever holds the document may learn what it is (two queries).
    """
    sha256 = (sha256 or "").strip().lower()
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        return None
    executed = MouVersion.objects.filter(status=VS.EXECUTED).select_related("mou__partnership")
    version = executed.filter(certificate_sha256=sha256).first()
    kind = "executed"
    if version is None:
        version = executed.filter(document_sha256=sha256).first()
        if version is None:
            return None
        kind = "external" if version.external else "signed"
    signatories = list(signatories_of(version).filter(status=Signatory.Status.SIGNED))
    return PublicVerification(version=version, kind=kind, signatories=signatories)
