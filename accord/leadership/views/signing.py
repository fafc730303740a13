"""MOU signing pages (L5): sending a version for signature, voiding it, signing and declining,
and, once signed, its verification and the executed PDF with the signing certificate.

Versions are loaded only through `get_version_or_404` (outsiders 404, members without the
permission 403); the signing page answers only the signatory themself (403 for other members).
Every write goes through services/signing.py; every form works as a plain post.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accord.core.access import Perm, require
from accord.core.forms import add_service_errors
from accord.core.http import client_ip

from .. import rendering
from ..forms_mous import ReasonForm, SendForm, SignForm
from ..models import Mou, MouVersion, Signatory
from ..queries import mous as queries
from ..services import pdfs
from ..services import signing as services
from .mous import _refused, _version
from .pdfs import stored_or_wait

VS = MouVersion.Status


# --- Signatures ---------------------------------------------------------------------------------
@login_required
def mou_send(request, pk, mou_pk, number):
    version = _version(request, pk, mou_pk, number, Perm.CHANGE)
    partnership = version.mou.partnership
    if version.status != VS.DRAFT or version.mou.status == Mou.Status.EXECUTED:
        messages.error(
            request,
            f"Only a draft is sent for signature; version {version.number} is "
            f"{version.get_status_display().lower()}.",
        )
        return redirect(version)
    choices = queries.signer_choices(partnership)
    form = SendForm(
        request.POST or None,
        choices=choices,
        version=version,
        charter_agreed=services.charter_agreed(version),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.mou_send(
                version=version,
                signatories=form.chosen(),
                signing_order=form.cleaned_data["signing_order"],
                sent_by=request.user,
                confirm_no_agreed_charter=form.cleaned_data.get("confirm_no_agreed_charter", False),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Version {version.number} is out for signature. The "
                "signatories are asked by e-mail and in Accord.",
            )
            return redirect(version)
    return render(
        request,
        "leadership/mous/send.html",
        {
            "partnership": partnership,
            "mou": version.mou,
            "version": version,
            "form": form,
            "refusals": [] if form.non_field_errors() else services.send_refusals(version),
        },
    )


@login_required
@require_POST
def mou_void(request, pk, mou_pk, number):
    version = _version(request, pk, mou_pk, number, Perm.CHANGE)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.mou_void(version=version, reason=reason, user=request.user)
    except ValidationError as error:
        return _refused(request, error, "The version was not voided.", version)
    messages.success(
        request, f"Version {version.number} is voided. Start a new version to revise it."
    )
    return redirect(version)


def _own_signatory(request, version) -> Signatory:
    """The user's own signature request; 403 for members who may see the MOU but not sign it."""
    require(request.user, "leadership.mou.sign", version)
    return queries.signatory_of(request.user, version)


def _sign_page(request, version, signatory, sign_form=None, decline_form=None, status=200):
    context = {
        "partnership": version.mou.partnership,
        "mou": version.mou,
        "version": version,
        "signatory": signatory,
        "sign_form": sign_form or SignForm(),
        "decline_form": decline_form or ReasonForm(),
        "before": [
            s
            for s in queries.signatories_of(version)
            if s.status != Signatory.Status.SIGNED and s.order < signatory.order
        ],
    }
    return render(request, "leadership/mous/sign.html", context, status=status)


@login_required
def mou_sign(request, pk, mou_pk, number):
    """The signing page, and signing: only the signatory themself, after their password (L5)."""
    version = _version(request, pk, mou_pk, number)
    signatory = _own_signatory(request, version)
    if request.method != "POST":
        return _sign_page(request, version, signatory)
    form = SignForm(request.POST)
    if not form.is_valid():
        return _sign_page(request, version, signatory, sign_form=form)
    try:
        services.mou_sign(
            signatory=signatory,
            user=request.user,
            password=form.cleaned_data["password"],
            ip_address=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
        )
    except services.AlreadySigned as error:
        messages.info(request, " ".join(error.messages))
        return redirect(version)
    except ValidationError as error:
        if "password" in getattr(error, "error_dict", {}):
            add_service_errors(form, error)
            return _sign_page(request, version, signatory, sign_form=form)
        return _refused(
            request,
            error,
            "Your signature was not recorded.",
            reverse("leadership:mou-sign", args=[pk, mou_pk, number]),
        )
    version.refresh_from_db()
    if version.status == VS.EXECUTED:
        messages.success(
            request,
            "Thank you: you signed, and with your signature every "
            "signatory has signed. The MOU is executed.",
        )
    else:
        messages.success(
            request, f"Thank you: you signed version {version.number} for {signatory.organization}."
        )
    return redirect(version)


@login_required
@require_POST
def mou_decline(request, pk, mou_pk, number):
    version = _version(request, pk, mou_pk, number)
    signatory = _own_signatory(request, version)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _sign_page(request, version, signatory, decline_form=form)
    try:
        services.mou_decline(
            signatory=signatory, user=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        if "reason" in getattr(error, "error_dict", {}):
            add_service_errors(form, error)
            return _sign_page(request, version, signatory, decline_form=form)
        return _refused(request, error, "Nothing was recorded.", version)
    messages.success(
        request,
        f"You declined to sign version {version.number}. The steward has "
        "your reason; the version is voided.",
    )
    return redirect(version)


# --- Verification and the executed document -----------------------------------------------------
@login_required
def mou_executed_document(request, pk, mou_pk, number):
    version = _version(request, pk, mou_pk, number)
    return stored_or_wait(
        request,
        version,
        version.certificate_document,
        rendering.pdf_filename(version, "-executed"),
        pending=pdfs.certificate_pending(version),
        label="the executed MOU",
    )


@login_required
def mou_verify(request, pk, mou_pk, number):
    version = _version(request, pk, mou_pk, number)
    check = queries.verification_of(version)
    context = {
        "partnership": version.mou.partnership,
        "mou": version.mou,
        "version": version,
        "check": check,
        "documents": [item for item in (check.document, check.certificate) if item],
    }
    return render(request, "leadership/mous/verify.html", context)
