"""Demo data for MOUs (L5): one out for signature, one executed with its signing certificate.

- "Bridges to Civil Engineering Careers" (forming) has its MOU out for signature, all at once:
  the host's executive director and Carver Heights (demo login "director") have signed; Rio Bravo
  (demo login "leader"), Red Cedar and EEC have not yet, so signing in as "leader" shows the
  signing page.
- "Inclusive Design Standards Pilot" (concluded) has an executed MOU, signed one after another
  by its three project directors, with its signing certificate.

Signatories sign in to sign, so the ones without a demo login get an account with the demo
password. Every step goes through the MOU services; an MOU already there is left as it is, so
loading the demo again changes nothing. The PDFs are written under MEDIA_ROOT.
"""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from accord.partnerships.services import partnership_transition

from ..models import Mou
from ..services import pdfs
from ..services.mous import mou_create
from ..services.signing import mou_send, mou_sign

DEMO_AGENT = "accord seed --demo"
# Person key -> username, for signatories who have no demo login.
SIGNER_ACCOUNTS = {
    "okafor": "okafor",
    "fairbanks": "fairbanks",
    "fischer": "fischer",
    "grant": "grant",
    "carter": "carter",
    "adeyemi": "adeyemi",
}
BRIDGES = {
    "partnership": "bridges",
    "sender": "steward",
    "order": "parallel",
    # (person key, order, signs in the demo)
    "signers": [
        ("okafor", 1, True),
        ("mensah", 1, True),
        ("ruiz", 1, False),
        ("fairbanks", 1, False),
        ("fischer", 1, False),
    ],
}
STANDARDS = {
    "partnership": "standards",
    # Once its MOU is executed, the pilot runs its course through the lifecycle service.
    "steps": [
        ("formalized", "The MOU was executed by all three signatories."),
        ("active", "The review of both standards began."),
        (
            "concluded",
            "Pilot concluded: the review of both standards is finished and its findings went "
            "to the standards committee.",
        ),
    ],
    "sender": "admin",
    "order": "sequential",
    "signers": [("carter", 1, True), ("adeyemi", 2, True), ("grant", 3, True)],
}
TITLE = "Memorandum of understanding"


def seed(context) -> None:
    """The MOU out for signature and the executed one, each once."""
    for spec in (BRIDGES, STANDARDS):
        _mou(context, spec)


def _account(context, key: str):
    person = context.people[key]
    if person.user is not None:
        return person.user
    users = get_user_model()
    username = SIGNER_ACCOUNTS[key]
    user = users.objects.filter(username=username).first()
    if user is None:
        first, _, last = person.name.partition(" ")
        user = users(username=username, email=person.email, first_name=first, last_name=last)
        user.set_password(context.password)
        user.save()
        context.log.append(f"account {username} for {person.name}")
    person.user = user
    person.save(update_fields=["user", "updated_at"])
    return user


def _term(spec) -> tuple[date | None, date | None]:
    today = timezone.localdate()
    if spec is BRIDGES:  # the next academic year, for three years
        start = date(today.year + (1 if today.month >= 8 else 0), 9, 1)
        return start, date(start.year + 3, 8, 31)
    return None, today + timedelta(days=365)


def _mou(context, spec) -> None:
    partnership = context.partnerships[spec["partnership"]]
    if Mou.objects.filter(partnership=partnership, title=TITLE).exists():
        return
    signers = [(context.people[key], order, signs) for key, order, signs in spec["signers"]]
    users = {
        person.pk: _account(context, key)
        for key, _, _ in spec["signers"]
        for person in [context.people[key]]
    }
    sender = context.users[spec["sender"]]
    effective_on, expires_on = _term(spec)
    mou = mou_create(
        partnership=partnership,
        title=TITLE,
        created_by=sender,
        effective_on=effective_on,
        expires_on=expires_on,
    )
    version = mou_send(
        version=mou.versions.get(number=1),
        signatories=[(person, order) for person, order, _ in signers],
        signing_order=spec["order"],
        sent_by=sender,
        # Where the demo partnership's charter is not agreed, its steward sent the MOU anyway.
        confirm_no_agreed_charter=True,
    )
    # The worker renders the documents (services/pdfs.py); the demo renders them now, so that
    # its signatures are made on the stored document and the demo is complete once loaded. The
    # tasks queued for them find them stored and do nothing.
    pdfs.store_document(version.pk, sender.pk)
    version.refresh_from_db()
    for person, _, signs in signers:
        if signs:
            mou_sign(
                signatory=version.signatories.get(person=person),
                user=users[person.pk],
                password=context.password,
                ip_address=None,
                user_agent=DEMO_AGENT,
            )
    pdfs.store_certificate(version.pk)
    mou.refresh_from_db()
    context.log.append(f"MOU of {partnership.title}, {mou.get_status_display().lower()}")
    for to_stage, note in spec.get("steps", []):
        partnership = partnership_transition(
            partnership=partnership, to_stage=to_stage, changed_by=sender, note=note
        )
        context.log.append(f"stage change of {partnership.title} to {to_stage}")
