"""Pages of digests: a partnership's digest settings (a steward: list, set up, change, stop,
preview), a person's own digests (subscribe again, a portfolio digest), and the unsubscribe page
that the link in every digest opens without signing in (a GET shows, only the POST writes)."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import Max
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accord.core.access import Role, can, get_or_404, require
from accord.core.forms import AccordForm, submitted
from accord.partnerships.access import partnership_or_404

from . import digests, services_digests
from .models_digests import Digest, DigestUnsubscription

MANAGE = "reports.digest.manage"
RECEIVE = "reports.digest.receive"
PORTFOLIO = "reports.digest.portfolio"


class ChoiceInputs(AccordForm):
    """Bootstrap's class for radio and check inputs (style_widgets gives other widgets a text
    box's), marked invalid where the field has an error; again after every validation."""

    CHECKS = ("roles", "level", "frequency")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._check_inputs()

    def full_clean(self):
        super().full_clean()
        self._check_inputs()

    def _check_inputs(self):
        errors = self._errors or {}
        for name in self.CHECKS:
            if name in self.fields:
                invalid = " is-invalid" if self.is_bound and name in errors else ""
                self.fields[name].widget.attrs["class"] = "form-check-input" + invalid


class DigestForm(ChoiceInputs):
    title = forms.CharField(max_length=200, initial="Partnership digest")
    roles = forms.MultipleChoiceField(
        label="Who receives it",
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one role whose holders receive it."},
        help_text="Everyone holding one of these roles in the partnership, with an e-mail "
        "address; each can unsubscribe with the link in every digest.",
    )
    level = forms.ChoiceField(choices=Digest.Level.choices, widget=forms.RadioSelect)
    frequency = forms.ChoiceField(choices=Digest.Frequency.choices, widget=forms.RadioSelect)


class DigestEditForm(DigestForm):
    active = forms.BooleanField(
        label="Send it", required=False, help_text="Untick to stop the digest; tick to restart it."
    )


class PortfolioForm(ChoiceInputs):
    level = forms.ChoiceField(choices=Digest.Level.choices, widget=forms.RadioSelect)
    frequency = forms.ChoiceField(choices=Digest.Frequency.choices, widget=forms.RadioSelect)
    active = forms.BooleanField(label="Send it", required=False, initial=True)


def _digest_or_404(request, pk, digest_pk, action=MANAGE):
    partnership = partnership_or_404(request, pk, action)
    return partnership, get_or_404(Digest.objects.filter(partnership=partnership), pk=digest_pk)


@login_required
def digest_list(request, pk):
    partnership = partnership_or_404(request, pk, MANAGE)
    found = (
        Digest.objects.filter(partnership=partnership)
        .annotate(last_sent=Max("issues__sent_at"))
        .order_by("stopped_at", "title", "pk")
    )
    context = {"partnership": partnership, "digests": found, "audiences": digests.AUDIENCES}
    return render(request, "reports/digests/list.html", context)


@login_required
def digest_create(request, pk):
    partnership = partnership_or_404(request, pk, MANAGE)
    form = DigestForm(
        request.POST or None,
        initial={
            "roles": [Role.STEWARD, Role.PROJECT_DIRECTOR, Role.LEADER],
            "level": Digest.Level.SUMMARY,
            "frequency": Digest.Frequency.WEEKLY,
        },
    )

    def save(**data):
        return services_digests.digest_create(partnership=partnership, by=request.user, **data)

    digest = submitted(request, form, save)
    if digest is not None:
        messages.success(
            request,
            f"The digest “{digest.title}” is set up: it goes out at the "
            "next daily run, then every period.",
        )
        return redirect("reports:digest-list", partnership.pk)
    status = 422 if request.method == "POST" else 200
    context = {"partnership": partnership, "form": form, "digest": None}
    return render(request, "reports/digests/form.html", context, status=status)


@login_required
def digest_edit(request, pk, digest_pk):
    partnership, digest = _digest_or_404(request, pk, digest_pk)
    initial = {
        "title": digest.title,
        "roles": digest.roles,
        "level": digest.level,
        "frequency": digest.frequency,
        "active": digest.active,
    }
    form = DigestEditForm(request.POST or None, initial=initial, versioned=digest)

    def save(**data):
        return services_digests.digest_update(digest=digest, **data)

    if submitted(request, form, save) is not None:
        messages.success(request, f"The digest “{digest.title}” is saved.")
        return redirect("reports:digest-list", partnership.pk)
    status = 422 if request.method == "POST" else 200
    context = {"partnership": partnership, "form": form, "digest": digest}
    return render(request, "reports/digests/form.html", context, status=status)


@login_required
@require_POST
def digest_stop(request, pk, digest_pk):
    partnership, digest = _digest_or_404(request, pk, digest_pk)
    services_digests.digest_stop(digest=digest)
    messages.success(request, f"The digest “{digest.title}” is stopped: no more e-mails go out.")
    return redirect("reports:digest-list", partnership.pk)


@login_required
def digest_preview(request, pk, digest_pk):
    """The next digest as the steward would receive it."""
    partnership, digest = _digest_or_404(request, pk, digest_pk)
    now = timezone.now()
    start = digests.next_period(digest, timezone.localdate(now))
    content = digests.content_for(digest, request.user, now=now, start=start)
    context = {
        "partnership": partnership,
        "digest": content,
        "base_url": "",
    }
    return render(request, "reports/digests/preview.html", context)


@login_required
def digest_mine(request):
    """The digests the signed-in person receives (or left), and their portfolio digest."""
    user = request.user
    person = getattr(user, "person", None)
    held = {}
    if person is not None and person.archived_at is None:
        for partnership_id, role in person.roles.filter(archived_at__isnull=True).values_list(
            "partnership_id", "role"
        ):
            held.setdefault(partnership_id, set()).add(role)
    candidates = Digest.objects.filter(
        partnership__in=list(held), stopped_at__isnull=True
    ).select_related("partnership")
    left = set(DigestUnsubscription.objects.filter(user=user).values_list("digest_id", flat=True))
    rows = [
        {"digest": d, "subscribed": d.pk not in left}
        for d in candidates
        if held.get(d.partnership_id, set()) & set(d.roles)
    ]
    rows.sort(key=lambda row: (row["digest"].partnership.title, row["digest"].title))
    portfolio = Digest.objects.filter(owner=user).first()
    may_portfolio = can(user, PORTFOLIO)
    form = None
    if may_portfolio:
        form = PortfolioForm(
            initial={
                "level": portfolio.level if portfolio else Digest.Level.SUMMARY,
                "frequency": portfolio.frequency if portfolio else Digest.Frequency.WEEKLY,
                "active": portfolio.active if portfolio else True,
            }
        )
    context = {
        "rows": rows,
        "portfolio": portfolio,
        "portfolio_form": form,
        "has_email": bool(user.email),
    }
    return render(request, "reports/digests/mine.html", context)


@login_required
@require_POST
def digest_subscription(request, pk, digest_pk):
    """Receive a digest of the partnership again (subscribe=1), or no more."""
    partnership, digest = _digest_or_404(request, pk, digest_pk, RECEIVE)
    if request.POST.get("subscribe") == "1":
        services_digests.digest_resubscribe(digest=digest, user=request.user)
        messages.success(request, f"You receive “{digest.title}” of {partnership} again.")
    else:
        services_digests.digest_unsubscribe(digest=digest, user=request.user)
        messages.success(request, f"You no longer receive “{digest.title}” of {partnership}.")
    return redirect("reports:digest-mine")


@login_required
def digest_portfolio(request):
    require(request.user, PORTFOLIO)
    form = PortfolioForm(request.POST or None)

    def save(**data):
        return services_digests.portfolio_digest_save(user=request.user, **data)

    if request.method == "POST" and submitted(request, form, save) is not None:
        messages.success(request, "Your portfolio digest is saved.")
        return redirect("reports:digest-mine")
    if request.method == "GET":
        return redirect("reports:digest-mine")
    return render(
        request,
        "reports/digests/mine.html",
        {"rows": [], "portfolio": None, "portfolio_form": form, "has_email": True},
        status=422,
    )


# The link in a digest carries its own proof (a signature for one digest and one person), and
# mail programs send the one-click POST of RFC 8058 without a CSRF token: a forged cross-site
# POST would need the signed token, which only the recipient has.
@csrf_exempt
def digest_unsubscribe(request, token):
    """The unsubscribe link: a GET shows what it would do; only the POST unsubscribes."""
    found = digests.read_unsubscribe_token(token)
    digest = user = None
    if found is not None:
        digest = Digest.objects.select_related("partnership").filter(pk=found[0]).first()
        user = get_user_model().objects.filter(pk=found[1]).first()
    if digest is None or user is None:
        return render(request, "reports/digests/unsubscribe_invalid.html", status=404)
    done = False
    if request.method == "POST":
        services_digests.digest_unsubscribe(digest=digest, user=user)
        done = True
    elif request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    left = DigestUnsubscription.objects.filter(digest=digest, user=user).exists()
    context = {"digest": digest, "done": done, "left": left, "token": token}
    return render(request, "reports/digests/unsubscribe.html", context)
