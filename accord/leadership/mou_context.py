"""The plain data an MOU's sections are written from, and the sandbox that renders them (L5).

A template section is Django template text. It is rendered by a dedicated engine that knows no
files (it cannot include or extend anything), no tag libraries (`{% load %}` fails) and only the
harmless built-in tags and filters, over a context of plain data: dicts, lists, strings and dates
as text, never model instances. So a template can reach nothing but what this module hands it.

Context names (the default template in migration 0002 uses them): `partnership`, `parties`,
`host`, `charter` (the agreed version only), `charter_pending`, `term`, `commitments`, `measures`,
`today`, and `mou`; with pledges (M5), the measurement app adds them to `commitments` and adds
`resources` (`currency`, and `organizations`, each with its `pledges`).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django import template
from django.template import Context, Engine, TemplateSyntaxError, defaultfilters, defaulttags
from django.utils import timezone

from accord.core.access import Role

from .render_limits import (
    RenderBudget,
    RenderLimitExceeded,
    budget_in_force,
    counted_filter,
    counted_for,
    watch_nodes,
)

# The built-in tags a section may use: control flow and text, nothing that reaches outside.
ALLOWED_TAGS = (
    "autoescape",
    "comment",
    "cycle",
    "filter",
    "firstof",
    "for",
    "if",
    "ifchanged",
    "now",
    "regroup",
    "resetcycle",
    "spaceless",
    "templatetag",
    "verbatim",
    "widthratio",
    "with",
)
# Padding filters could make a string of any length; pprint shows Python internals.
BLOCKED_FILTERS = {"center", "ljust", "rjust", "pprint"}

# The engine imports this module as its only library of built-ins: `register` is that library.
# Loops and filters count against the rendering's limits of time and size (render_limits.py).
register = template.Library()
for _name in ALLOWED_TAGS:
    register.tags[_name] = defaulttags.register.tags[_name]
register.tags["for"] = counted_for
for _name, _filter in defaultfilters.register.filters.items():
    if _name not in BLOCKED_FILTERS:
        register.filters[_name] = counted_filter(_name, _filter)


class SandboxEngine(Engine):
    """An engine without Django's default built-ins (no include, extends, load, url, debug)."""

    default_builtins: list[str] = []


ENGINE = SandboxEngine(
    loaders=[],
    libraries={},
    builtins=["accord.leadership.mou_context"],
    autoescape=False,
    debug=False,
    string_if_invalid="",
)


class SectionTextError(Exception):
    """A section's text that cannot be rendered; the message says why, in plain words."""


def render_text(text: str, context: dict, budget: RenderBudget | None = None) -> str:
    """Render one section's text over plain data; raise SectionTextError when it cannot be.

    `budget` limits the time and the size (ACCORD_MOU_RENDER_*); pass one budget to every
    section of a document to limit the document as a whole.
    """
    budget = budget or RenderBudget.from_settings()
    try:
        with budget_in_force(budget):
            compiled = ENGINE.from_string(text)
            watch_nodes(compiled.nodelist)
            # A copy: a method such as `parties.clear` must not change the data for what follows.
            rendered = compiled.render(Context(copy.deepcopy(context), autoescape=False))
            budget.measure(rendered)
    except RenderLimitExceeded as error:
        raise SectionTextError(str(error)) from error
    except TemplateSyntaxError as error:
        raise SectionTextError(_explain(error)) from error
    except RecursionError as error:
        raise SectionTextError("The text nests tags too deeply to be filled in.") from error
    except MemoryError as error:
        raise SectionTextError(str(budget.too_long())) from error
    except Exception as error:  # a filter that fails on its input, an include that finds nothing
        raise SectionTextError(f"The text could not be filled in: {error}") from error
    return _tidy(rendered)


def _explain(error: TemplateSyntaxError) -> str:
    message = str(error)
    unknown = re.match(r"Invalid block tag on line (\d+): '([^']+)'", message)
    if unknown:
        line, tag = unknown.groups()
        return (
            f"Line {line}: the tag “{tag}” is not allowed. Section text may use only if, for, "
            "with, firstof, cycle, now, comment, spaceless, verbatim and the built-in filters."
        )
    return message


def _tidy(text: str) -> str:
    """Trim trailing spaces and collapse three or more line breaks (left by tags) into two."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    tidy: list[str] = []
    for line in lines:
        if line == "" and len(tidy) >= 2 and tidy[-1] == "" and tidy[-2] == "":
            continue
        tidy.append(line)
    return "\n".join(tidy)


def check_text(text: str) -> str | None:
    """None when `text` renders against the sample context; else what is wrong with it."""
    try:
        render_text(text, SAMPLE_CONTEXT)
    except SectionTextError as error:
        return str(error)
    return None


# --- Building the context from a partnership -----------------------------------------------------
def readable_date(value: date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


def readable_amount(amount: Decimal | None) -> str:
    if amount is None:
        return ""
    if amount == amount.to_integral_value():
        return f"{int(amount):,}"
    return f"{amount:,.2f}"


# Other apps add to an MOU's data (the measurement app: each organization's pledges, M5): each
# provider is called as `provider(partnership, data)` and adds plain data to `data`.
MOU_DATA_PROVIDERS: list = []


def register_mou_data(provider) -> None:
    """Add `provider(partnership, data)` to what fills an MOU's data (from an AppConfig.ready)."""
    if provider not in MOU_DATA_PROVIDERS:
        MOU_DATA_PROVIDERS.append(provider)


def mou_context(partnership, version=None) -> dict:
    """The plain data an MOU's sections of `partnership` are rendered from (L5).

    Parties are the current member organizations, hosts first, each with its project director
    (L6) and, when `version` is given, the signatories chosen for it. The charter is the agreed
    version, the newest final one every current member endorsed (A3), or None; a newer final
    version still waiting for endorsements is `charter_pending`.
    """
    from accord.alignment.queries.charter import agreed_version, agreement_for
    from accord.partnerships.models import PartnershipRole
    from accord.partnerships.queries import memberships_of

    from .models import Commitment

    memberships = list(memberships_of(partnership))
    directors = {
        role.organization_id: role.person
        for role in PartnershipRole.objects.filter(
            partnership=partnership, role=Role.PROJECT_DIRECTOR, archived_at__isnull=True
        ).select_related("person")
    }
    signatories: dict[int, list[dict]] = {}
    if version is not None and version.pk:
        for signatory in version.signatories.select_related("person").order_by("order", "pk"):
            signatories.setdefault(signatory.organization_id, []).append(_person(signatory.person))
    parties = []
    for membership in memberships:
        organization = membership.organization
        director = directors.get(organization.pk)
        parties.append(
            {
                "name": organization.name,
                "kind": membership.get_kind_display(),
                "location": organization.location,
                "website": organization.website,
                "project_director": _person(director) if director else None,
                "signatories": signatories.get(organization.pk, []),
            }
        )
    host = next((party for party in parties if party["kind"] == "Host"), None)
    commitments = [
        {
            "organization": item.organization.name,
            "description": item.description,
            "amount": readable_amount(item.amount),
            "unit": item.unit,
        }
        for item in Commitment.objects.filter(
            partnership=partnership, kind=Commitment.Kind.RESOURCES
        )
        .exclude(status=Commitment.Status.NOT_KEPT)
        .select_related("organization")
        .order_by("organization__name", "starts_on", "pk")
    ]
    agreement = agreement_for(partnership)
    agreed = agreed_version(partnership)
    data = {
        "partnership": {
            "title": partnership.title,
            "purpose": partnership.purpose,
            "scope": partnership.get_scope_display(),
        },
        "mou": {
            "title": version.mou.title if version is not None else "",
            "version": version.number if version is not None else "",
        },
        "parties": parties,
        "host": host,
        "charter": _charter(agreed),
        "charter_pending": _pending(agreement, agreed),
        "term": {
            "effective_on": readable_date(getattr(version, "effective_on", None)),
            "expires_on": readable_date(getattr(version, "expires_on", None)),
        },
        "commitments": commitments,
        "measures": [],  # the measurement pillar fills this in (M1)
        "today": readable_date(timezone.localdate()),
    }
    for provider in MOU_DATA_PROVIDERS:
        provider(partnership, data)
    return data


def _person(person) -> dict:
    return {"name": person.name, "title": person.title, "email": person.email}


def _charter(version) -> dict | None:
    """The agreed charter version (every current member endorsed it), or None (A3)."""
    if version is None:
        return None
    return {
        "version": version.number,
        "vision": version.vision,
        "values": [{"name": v.name, "meaning": v.meaning} for v in version.values.all()],
        "benefits": [
            {"organization": b.organization.name, "benefits": b.benefits}
            for b in version.benefits.all()
        ],
        "agreed": True,
    }


def _pending(agreement, agreed) -> dict | None:
    """A final charter version newer than the agreed one, still waiting for endorsements."""
    final = agreement.latest_final
    if final is None or (agreed is not None and agreed.pk == final.pk):
        return None
    return {
        "version": final.number,
        "endorsed": agreement.endorsed_count,
        "members": agreement.member_count,
    }


# A realistic context to check template text against when it is saved.
SAMPLE_CONTEXT: dict = {
    "partnership": {
        "title": "Bridges to Civil Engineering Careers",
        "purpose": "Build a pathway from high school to a first engineering job.",
        "scope": "External",
    },
    "mou": {"title": "Memorandum of understanding", "version": 1},
    "parties": [
        {
            "name": "Society of Civil and Environmental Engineers",
            "kind": "Host",
            "location": "Arlington, Virginia, United States",
            "website": "https://www.scee.example.org/",
            "project_director": {
                "name": "Priscilla Grant",
                "title": "Education programs manager",
                "email": "priscilla.grant@scee.example.org",
            },
            "signatories": [
                {"name": "Harold Okafor", "title": "Executive director", "email": "h@example.org"}
            ],
        },
        {
            "name": "Carver Heights University",
            "kind": "Partner",
            "location": "Montgomery, Alabama, United States",
            "website": "",
            "project_director": None,
            "signatories": [],
        },
    ],
    "host": None,
    "charter": {
        "version": 2,
        "vision": "Students from every community find a path into civil engineering.",
        "values": [{"name": "Students first", "meaning": "We ask students what they need."}],
        "benefits": [{"organization": "Carver Heights University", "benefits": "Internships."}],
        "agreed": True,
    },
    "charter_pending": None,
    "term": {"effective_on": "1 September 2026", "expires_on": "31 August 2029"},
    "commitments": [
        {
            "organization": "Carver Heights University",
            "description": "Summer bridge program staff",
            "amount": "400",
            "unit": "hours",
        }
    ],
    "measures": ["Students placed in paid internships each year"],
    "today": "1 July 2026",
}
SAMPLE_CONTEXT["host"] = SAMPLE_CONTEXT["parties"][0]


# --- The document's one source of data -----------------------------------------------------------
def version_data(version) -> dict:
    """The data a version's document prints: the data it was sent with once it has left the
    draft, else the partnership's data now. Every rendering of an MOU (its page, print view,
    PDFs and sections) reads its values from here."""
    if version.status != "draft" and version.data:
        return version.data
    return mou_context(version.mou.partnership, version)


def flat(data, prefix: str = "") -> dict[str, str]:
    """Every text value in `data` under its path ("term.expires_on", "parties.1.name", ...)."""
    out: dict[str, str] = {}
    if isinstance(data, dict):
        items = data.items()
    elif isinstance(data, list):
        items = enumerate(data)
    else:
        if data not in (None, "") and not isinstance(data, bool):
            out[prefix] = str(data)
        return out
    for key, value in items:
        out.update(flat(value, f"{prefix}.{key}" if prefix else str(key)))
    return out


# Plain names for the values an edited section most often repeats.
LABELS = {
    "term.effective_on": "the effective date",
    "term.expires_on": "the expiry date",
    "partnership.title": "the partnership's title",
    "partnership.purpose": "the partnership's purpose",
    "charter.vision": "the charter's vision",
    "charter.version": "the charter's version",
}
VOLATILE = {"today"}  # changes every day by itself
SHORTEST_NAMED_VALUE = 4  # shorter values ("2", "USD") appear in any text by chance


def _label(path: str) -> str:
    if path in LABELS:
        return LABELS[path]
    parts = path.split(".")
    if parts[0] == "parties" and "project_director" in parts:
        return "a party's project director"
    if parts[0] == "parties" and "signatories" in parts:
        return "a party's signatory"
    if parts[0] == "parties":
        return "a party"
    if parts[0] == "commitments":
        return "a resource committed"
    if parts[0] == "measures":
        return "a measure of success"
    if parts[0] == "charter":
        return "the charter"
    return path


@dataclass
class Disagreement:
    """A value an edited section still names, which the data no longer says."""

    label: str
    old: str
    new: str

    def __str__(self) -> str:
        now = f"“{self.new}”" if self.new else "not set"
        return f"it says “{self.old}”, which is no longer {self.label} (now {now})"


@dataclass
class SectionText:
    """One section as the document shows it."""

    section: object
    key: str
    heading: str
    body: str
    follows_data: bool
    edited: bool
    disagreements: list[Disagreement] = field(default_factory=list)
    error: str = ""


def disagreements_of(section, now: dict[str, str]) -> list[Disagreement]:
    """The values `section`'s edited text names that changed since it was edited."""
    values = set(now.values())
    found = []
    for path, old in (section.edited_data or {}).items():
        new = now.get(path, "")
        if path in VOLATILE or old == new or len(old) < SHORTEST_NAMED_VALUE or old in values:
            continue
        if old in section.body:
            found.append(Disagreement(_label(path), old, new))
    return found


def section_texts(version, sections, data: dict) -> list[SectionText]:
    """The sections of `version` as its document shows them, from `data` (version_data).

    In a draft, a section that follows the data is filled in from `data` now; an edited one keeps
    its text, and names the values it repeats that changed since. A version that has left the
    draft shows the text it was sent with.
    """
    draft = version.status == "draft"
    budget = RenderBudget.from_settings()
    now = flat(data) if draft else {}
    texts = []
    for section in sections:
        text = SectionText(
            section=section,
            key=section.key,
            heading=section.heading,
            body=section.body,
            follows_data=section.follows_data,
            edited=not section.follows_data,
        )
        if draft and section.follows_data:
            try:
                text.body = render_text(section.source, data, budget)
            except SectionTextError as error:
                text.error = f"The template text could not be filled in: {error}"
        elif draft:
            text.disagreements = disagreements_of(section, now)
        texts.append(text)
    return texts


def disagreement_messages(texts: list[SectionText]) -> list[str]:
    """What a steward reads when a draft disagrees with itself, one line per section."""
    messages = []
    for number, text in enumerate(texts, start=1):
        if text.disagreements:
            said = "; ".join(str(d) for d in text.disagreements)
            messages.append(
                f"Section {number} “{text.heading}” was edited by hand and no longer follows the "
                f"data: {said}. Edit it, or let it follow the data again."
            )
        if text.error:
            messages.append(f"Section {number} “{text.heading}”: {text.error}")
    return messages


def shown_sections(version) -> list[SectionText]:
    """`version`'s sections as its document shows them (for the diff and the API)."""
    return section_texts(version, list(version.sections.all()), version_data(version))


def charter_note(data: dict) -> str:
    """What a draft says about the charter it quotes, when that is not simply the agreed one."""
    charter, pending = data.get("charter"), data.get("charter_pending")
    waiting = (
        f"charter version {pending['version']} is final but only {pending['endorsed']} of "
        f"{pending['members']} member organizations have endorsed it"
        if pending
        else ""
    )
    if charter is None and pending:
        return f"No charter version is agreed: {waiting}. This draft quotes no charter."
    if charter is None:
        return (
            "No charter version is agreed: the partnership has no final charter that every "
            "member organization endorsed. This draft quotes no charter."
        )
    if pending:
        return (
            f"This draft quotes charter version {charter['version']}, the one every member "
            f"organization endorsed; {waiting}."
        )
    return ""
