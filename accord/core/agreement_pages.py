"""The pages every agreed text shares (accord/core/agreements.py): the charter (A2, A3) and the
measures set (M1) show where the agreement stands, move a version between draft, open and final,
take endorsements and start new versions the same way; each kind's views say only what is its own
(its services, its action names, its words).

A `Kind` names what differs: the endorse action, the words for the text, and the services that
create, move and endorse. The views call these helpers with it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect

from . import agreements
from .access import Perm, require
from .agreements import VersionStatus as Status
from .forms import AccordForm

MOVE_LABELS = {
    Status.OPEN: "Open for comment",
    Status.DRAFT: "Move back to draft",
    Status.FINAL: "Make final",
}
MOVED = {
    Status.OPEN: "is open for comment: everyone taking part can now comment on it",
    Status.DRAFT: "is a draft again: revise it, then open it for comment",
    Status.FINAL: "is final: each member organization can now endorse it",
}


class EndorseForm(AccordForm):
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example, the meeting or decision that approved the endorsement.",
    )


class MoveForm(AccordForm):
    to = forms.ChoiceField(label="Move to", choices=Status.choices)


@dataclass(frozen=True)
class Kind:
    """What one kind of agreed text brings to the shared pages."""

    noun: str  # "charter", "measures set": "its charter is no longer endorsed"
    endorse_action: str  # the policy action for endorsing a final version
    create: Callable  # (partnership=, created_by=) -> version
    move: Callable  # (version=, to_status=) -> version
    move_problems: Callable  # (version, to_status) -> {field: message}
    endorse: Callable  # (version=, person=, note=) -> endorsement
    agreed: Callable  # (partnership) -> bool
    started: str = "Revise it, then open it for comment."


def endorsing(request, kind: Kind, perms, version, endorsed_by_org: dict, member_ids: set):
    """What the endorse box tells this user about `version` (None: nothing to show)."""
    if Perm.ENDORSE not in perms or version is None or not version.is_final:
        return None
    if version.partnership.is_archived:
        return {"blocked": f"This partnership is archived; its {kind.noun} is no longer endorsed."}
    try:
        require(request.user, kind.endorse_action, version)
    except PermissionDenied as refused:
        return {"blocked": str(refused)}
    person = agreements.person_of(request.user)
    if person.organization_id not in member_ids:
        return {"blocked": "Your organization is not a current member of this partnership."}
    done = endorsed_by_org.get(person.organization_id)
    if done is not None:
        return {"done": done}
    return {"form": EndorseForm(), "organization": person.organization}


def overview_endorsing(request, kind: Kind, perms, agreement):
    """The endorse box of the overview page: about the latest final version."""
    endorsed = {r.organization.pk: r.endorsement for r in agreement.members if r.endorsement}
    member_ids = {row.organization.pk for row in agreement.members}
    return endorsing(request, kind, perms, agreement.latest_final, endorsed, member_ids)


def moves(kind: Kind, version) -> list[dict]:
    """The moves a person who may change the text sees, each with what stands in its way."""
    return [
        {
            "to": to,
            "label": MOVE_LABELS[to],
            "problems": list(kind.move_problems(version, to).values()),
        }
        for to in agreements.MOVES[Status(version.status)]
    ]


def final_context(request, kind: Kind, perms, version, memberships, newest, endorsements) -> dict:
    """What a final version's page shows: each member's endorsement, those of former members,
    whether a newer final version replaced it, and the endorse box (on the newest only)."""
    member_ids = {m.organization_id for m in memberships}
    by_org = {e.organization_id: e for e in endorsements}
    return {
        "replaced_by": newest if newest and newest.pk != version.pk else None,
        "member_rows": [(m.organization, by_org.get(m.organization_id)) for m in memberships],
        "former_endorsements": [e for e in endorsements if e.organization_id not in member_ids],
        "endorsing": (
            endorsing(request, kind, perms, version, by_org, member_ids)
            if newest and newest.pk == version.pk
            else None
        ),
    }


def compare_choice(request, numbers: list[int]):
    """The two versions to compare: the request's, or the two newest."""
    return request.GET or ({"a": numbers[-2], "b": numbers[-1]} if len(numbers) > 1 else None)


def create_version(request, kind: Kind, partnership, overview_url: str):
    """Start the next version (copied from the latest) and go to it, or say why not."""
    try:
        version = kind.create(partnership=partnership, created_by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, f"No new version was started. {message}")
        return None, redirect(overview_url)
    based = f" from version {version.based_on.number}" if version.based_on else ""
    messages.success(request, f"Version {version.number} started{based}. {kind.started}")
    return version, None


def move_version(request, kind: Kind, version):
    """Open a draft for comment, take it back to draft or make it final, then show it."""
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose draft, open for comment or final.")
        return redirect(version)
    to = form.cleaned_data["to"]
    try:
        kind.move(version=version, to_status=to)
    except ValidationError as error:
        messages.error(
            request, f"Version {version.number} was not moved. " + " ".join(error.messages)
        )
    else:
        messages.success(request, f"Version {version.number} {MOVED[to]}.")
    return redirect(version)


def endorse_version(request, kind: Kind, version):
    """Endorse a final version for one's own organization, then show it."""
    form = EndorseForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        endorsement = kind.endorse(
            version=version, person=agreements.person_of(request.user), note=note
        )
    except agreements.AlreadyEndorsed as error:
        messages.info(request, " ".join(error.messages))
    except ValidationError as error:
        messages.error(request, "The endorsement was not recorded. " + " ".join(error.messages))
    else:
        messages.success(
            request, f"You endorsed version {version.number} for {endorsement.organization}."
        )
        if kind.agreed(version.partnership):
            messages.success(request, "Every member organization has now endorsed it: agreed.")
    return redirect(version)
