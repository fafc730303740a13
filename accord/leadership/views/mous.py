"""MOU pages (L5): the list, drafting, versions with numbered clauses, edits, the diff, PDFs,
amendments and uploads. Sending for signature, signing, declining, voiding, verification and the
executed document are in signing.py.

Objects are loaded only through `get_visible_or_404` (outsiders 404, members without the
permission 403). Every write goes through services/mous.py; every form works as a plain post.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accord.core.access import Perm, permissions_of
from accord.core.forms import DiffForm, add_service_errors
from accord.core.paging import paginate
from accord.core.uploads import max_upload_bytes
from accord.partnerships.access import partnership_or_404

from .. import diff, rendering
from ..forms_mous import (
    MouCreateForm,
    ReasonForm,
    SectionEditForm,
    TermForm,
    UploadForm,
)
from ..models import Mou, MouVersion
from ..mou_context import shown_sections
from ..queries import mous as queries
from ..queries.templates import default_template
from ..services import mous as services
from ..services import pdfs
from .pdfs import stored_or_wait

VS = MouVersion.Status


def _version(request, pk, mou_pk, number, permission=None) -> MouVersion:
    return queries.get_version_or_404(request.user, pk, mou_pk, number, permission)


def _refused(request, error: ValidationError, prefix: str, to):
    for message in error.messages:
        messages.error(request, f"{prefix} {message}".strip())
    return redirect(to)


def _editable(version: MouVersion, partnership) -> bool:
    return (
        version.status in (VS.DRAFT, VS.OUT_FOR_SIGNATURE)
        and version.mou.status != Mou.Status.EXECUTED
        and not partnership.is_archived
    )


def _edited(version, data: dict | None = None) -> dict:
    """The sections of a draft edited by hand, and whether the draft disagrees with itself."""
    if version is None or version.status != VS.DRAFT:
        return {}
    if data is None:
        data = rendering.document_data(version, signatories=[])
    edited = [t for t in data["texts"] if t.edited]
    return {"edited": edited, "edited_version": version, "disagreements": data["disagreements"]}


# --- List, create, upload -----------------------------------------------------------------------
@login_required
def mou_list(request, pk):
    partnership = partnership_or_404(request, pk)
    context = {
        "partnership": partnership,
        "perms": permissions_of(request.user, partnership),
        "page_obj": paginate(request, queries.mous_of(partnership)),
    }
    return render(request, "leadership/mous/list.html", context)


@login_required
def mou_create(request, pk):
    partnership = partnership_or_404(request, pk, Perm.CHANGE)
    initial = {"template": default_template()}
    form = MouCreateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            mou = services.mou_create(
                partnership=partnership, created_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"“{mou}” drafted from “{mou.template}”: version 1 is a "
                "draft. Read it, edit its sections, then send it for signature.",
            )
            return redirect(mou.versions.get(number=1))
    return render(
        request,
        "leadership/mous/form.html",
        {
            "partnership": partnership,
            "form": form,
            "title": "Draft an MOU",
            "submit": "Draft the MOU",
            "intro": "Accord drafts every section from the template with this partnership's own "
            "data: its member organizations and project directors, purpose, charter, "
            "commitments and term.",
        },
    )


@login_required
def mou_upload(request, pk):
    partnership = partnership_or_404(request, pk, Perm.CHANGE)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            mou = services.mou_upload(
                partnership=partnership,
                title=data["title"],
                upload=data["file"],
                effective_on=data["effective_on"],
                expires_on=data["expires_on"],
                uploaded_by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"“{mou}” recorded as executed, signed outside Accord.")
            return redirect(mou)
    return render(
        request,
        "leadership/mous/form.html",
        {
            "partnership": partnership,
            "form": form,
            "title": "Upload an MOU signed outside Accord",
            "submit": "Upload the signed MOU",
            "multipart": True,
            "intro": f"The PDF is stored under a name Accord makes, with its SHA-256, and is shown "
            f"only to the people of this partnership. Up to "
            f"{max_upload_bytes() // (1024 * 1024)} MB.",
        },
    )


# --- One MOU ------------------------------------------------------------------------------------
@login_required
def mou_detail(request, pk, mou_pk):
    mou = queries.get_mou_or_404(request.user, pk, mou_pk)
    partnership = mou.partnership
    versions = list(queries.versions_of(mou))
    working = next((v for v in versions if v.status in (VS.DRAFT, VS.OUT_FOR_SIGNATURE)), None)
    context = {
        "partnership": partnership,
        "mou": mou,
        "perms": permissions_of(request.user, partnership),
        "versions": versions,
        "working": working,
        **_edited(working),
        "amendments": list(mou.amendments.order_by("created_at", "pk")),
        "history": queries.mou_history(mou),
        "diff_form": DiffForm(
            numbers=[v.number for v in versions],
            initial={"a": versions[-1].number, "b": versions[0].number},
        )
        if len(versions) > 1
        else None,
    }
    return render(request, "leadership/mous/detail.html", context)


@login_required
@require_POST
def mou_version_create(request, pk, mou_pk):
    mou = queries.get_mou_or_404(request.user, pk, mou_pk, Perm.CHANGE)
    try:
        version = services.mou_version_create(mou=mou, created_by=request.user)
    except ValidationError as error:
        return _refused(request, error, "No new version was started.", mou)
    messages.success(
        request,
        f"Version {version.number} started as a copy of version "
        f"{version.number - 1}. Revise it, then send it for signature.",
    )
    return redirect(version)


@login_required
@require_POST
def mou_amend(request, pk, mou_pk):
    mou = queries.get_mou_or_404(request.user, pk, mou_pk, Perm.CHANGE)
    try:
        amendment = services.mou_amend(mou=mou, created_by=request.user)
    except ValidationError as error:
        return _refused(request, error, "No amendment was started.", mou)
    messages.success(
        request,
        f"“{amendment}” started from the executed text. Change what the "
        "amendment changes, then send it for signature.",
    )
    return redirect(amendment.versions.get(number=1))


@login_required
def mou_diff(request, pk, mou_pk):
    mou = queries.get_mou_or_404(request.user, pk, mou_pk)
    versions = {v.number: v for v in queries.with_details(queries.versions_of(mou))}
    numbers = sorted(versions)
    form = DiffForm(request.GET or None, numbers=numbers)
    context = {"partnership": mou.partnership, "mou": mou, "form": form}
    if form.is_valid():
        old, new = versions[form.cleaned_data["a"]], versions[form.cleaned_data["b"]]
        context |= {
            "old": old,
            "new": new,
            "sections": diff.sections_diff(shown_sections(old), shown_sections(new)),
            "term": diff.term_changes(old, new),
        }
    return render(request, "leadership/mous/diff.html", context)


# --- One version --------------------------------------------------------------------------------
@login_required
def mou_version(request, pk, mou_pk, number):
    version = _version(request, pk, mou_pk, number)
    mou, partnership = version.mou, version.mou.partnership
    perms = permissions_of(request.user, partnership)
    sections = list(queries.sections_of(version))
    signatories = list(queries.signatories_of(version))
    data = rendering.document_data(version, sections, signatories, with_records=True)
    mine = next((s for s in signatories if s.person.user_id == request.user.pk), None)
    context = {
        "partnership": partnership,
        "mou": mou,
        "version": version,
        "perms": perms,
        "sections": list(zip(sections, data["sections"], strict=True)),
        "signatories": signatories,
        "mine": mine,
        "can_edit": Perm.CHANGE in perms and _editable(version, partnership),
        "void_form": ReasonForm(),
        "history": queries.version_history(version),
        **_edited(version, data),
        **{k: data[k] for k in ("signature_blocks", "parties", "dated", "amends", "charter_note")},
    }
    return render(request, "leadership/mous/version.html", context)


@login_required
def mou_print(request, pk, mou_pk, number):
    version = _version(request, pk, mou_pk, number)
    data = rendering.document_data(version, with_records=True)
    return render(request, "leadership/mous/print.html", data)


@login_required
def mou_pdf(request, pk, mou_pk, number):
    """A draft as a PDF, as the task worker stored it for the draft as it is now; while it is
    rendered, a page that waits for it. A version sent for signature serves its document."""
    version = _version(request, pk, mou_pk, number)
    if version.document or version.sent_at:
        return redirect("leadership:mou-document", pk, mou_pk, number)
    _, source = pdfs.preview_html(version)  # the HTML, cheap; its layout as a PDF is not
    stored = pdfs.preview_stored(version, source)
    if not stored and not request.htmx:  # the page asks once; its polling only looks
        pdfs.queue_preview(version.pk, source)
        version.refresh_from_db(fields=["preview", "preview_sha256", "preview_source"])
        stored = pdfs.preview_stored(version, source)
    return stored_or_wait(
        request,
        version,
        version.preview if stored else None,
        rendering.pdf_filename(version, "-draft"),
        pending=True,
        label="the draft PDF",
    )


@login_required
def mou_document(request, pk, mou_pk, number):
    version = _version(request, pk, mou_pk, number)
    suffix = "-signed-outside-accord" if version.external else "-as-sent"
    return stored_or_wait(
        request,
        version,
        version.document,
        rendering.pdf_filename(version, suffix),
        pending=pdfs.document_pending(version),
        label="the PDF sent for signature",
    )


def _edit_refusal(request, version):
    """Redirect with the reason when the version cannot be edited at all; else None."""
    try:
        services.refuse_executed(version.mou)
        if version.mou.partnership.is_archived:
            raise ValidationError("This partnership is archived; its MOUs can no longer change.")
        if version.status == VS.VOIDED:
            raise ValidationError(
                f"Version {version.number} was voided; it is kept as it was. "
                "Start a new version to revise it."
            )
        if version.status == VS.EXECUTED:
            raise ValidationError("An executed version is never edited.")
    except ValidationError as error:
        return _refused(request, error, "", version)
    return None


def _went_to(request, old: MouVersion, new: MouVersion, done: str):
    if new.pk != old.pk:
        messages.warning(
            request,
            f"Version {old.number} was out for signature: your change voided "
            f"its signatures and continues in version {new.number}, a draft. Send "
            "it for signature again when it is ready.",
        )
    messages.success(request, done)
    return redirect(new)


@login_required
def mou_section_edit(request, pk, mou_pk, number, section_pk):
    version = _version(request, pk, mou_pk, number, Perm.CHANGE)
    section = queries.sections_of(version).filter(pk=section_pk).first()
    if section is None:
        raise Http404("Not found.")
    refused = _edit_refusal(request, version)
    if refused:
        return refused
    initial = {"heading": section.heading, "body": services.shown_body(section)}
    form = SectionEditForm(
        request.POST or None, initial=initial, versioned=section, can_follow=bool(section.source)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.mou_section_update(
                section=section,
                heading=data["heading"],
                body=data["body"],
                user=request.user,
                follow_data=data.get("follow_data", False),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _went_to(request, version, saved.version, f"Section “{saved}” saved.")
    return render(
        request,
        "leadership/mous/section_form.html",
        {
            "partnership": version.mou.partnership,
            "mou": version.mou,
            "version": version,
            "section": section,
            "form": form,
        },
    )


@login_required
def mou_term(request, pk, mou_pk, number):
    version = _version(request, pk, mou_pk, number, Perm.CHANGE)
    refused = _edit_refusal(request, version)
    if refused:
        return refused
    initial = {f: getattr(version, f) for f in ("effective_on", "expires_on", "signing_order")}
    form = TermForm(request.POST or None, initial=initial, versioned=version)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.mou_version_update(
                version=version, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _went_to(request, version, saved, "Term and signing order saved.")
    return render(
        request,
        "leadership/mous/term_form.html",
        {
            "partnership": version.mou.partnership,
            "mou": version.mou,
            "version": version,
            "form": form,
        },
    )


@login_required
def mou_regenerate(request, pk, mou_pk, number):
    """Ask first (works without JavaScript), then fill the draft in again from the template."""
    version = _version(request, pk, mou_pk, number, Perm.CHANGE)
    if request.method == "POST":
        try:
            services.mou_regenerate(version=version, user=request.user)
        except ValidationError as error:
            return _refused(request, error, "The draft was not re-generated.", version)
        messages.success(
            request,
            f"Version {version.number} re-generated from the template with "
            "the partnership's current data.",
        )
        return redirect(version)
    return render(
        request,
        "leadership/mous/regenerate.html",
        {
            "partnership": version.mou.partnership,
            "mou": version.mou,
            "version": version,
        },
    )
