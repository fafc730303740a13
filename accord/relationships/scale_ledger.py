"""The input ledger's rows at scale (R6), for `accord seed --scale N`: four pieces of input per
partnership over the past year, most acknowledged and answered by a role holder, some anonymous,
one in every four partnerships with its answer published. Written through the one bulk path
(accord/core/bulk.py) with their history rows; valid by construction (no per-row service)."""

from datetime import timedelta

from django.utils import timezone

from accord.core.bulk import BulkWriter

from .models_ledger import Input

PER_PARTNERSHIP = 4
SUBJECTS = (
    "Transport to the program",
    "Stipends for students who work",
    "Information in Spanish",
    "Childcare during sessions",
    "Evening meeting times",
    "A mentor who shares my background",
)


def seed_scale_ledger(context) -> dict[str, int]:
    rng, now = context.rng, timezone.now()
    with BulkWriter(Input, history_reason=context.reason, history_date=now) as out:
        for index, partnership_id in enumerate(context.partnerships):
            holders = [person for person, _role in context.role_holders.get(partnership_id, [])]
            for number in range(PER_PARTNERSHIP):
                received = now - timedelta(days=rng.randint(1, 365), hours=rng.randint(0, 23))
                anonymous = rng.random() < 0.3
                assignee = rng.choice(holders) if holders else None
                ack = received + timedelta(days=rng.randint(0, 8))
                answered = received + timedelta(days=rng.randint(2, 45))
                acked = assignee is not None and ack < now
                responded = acked and answered < now and rng.random() < 0.8
                published = responded and number == 0 and index % 4 == 0
                out.add(
                    {
                        "partnership_id": partnership_id,
                        "source": Input.Source.PUBLIC_FORM if anonymous else Input.Source.STAFF,
                        "channel": Input.Channel.FORM if anonymous else Input.Channel.EMAIL,
                        "anonymous": anonymous,
                        "name": "" if anonymous else f"Community member {index}.{number}",
                        "subject": rng.choice(SUBJECTS),
                        "text": "Generated input for the scale data set.",
                        "received_at": received,
                        "assignee_id": assignee,
                        "acknowledged_at": ack if acked else None,
                        "acknowledged_by_id": assignee if acked else None,
                        "response": "Thank you; here is what we will do." if responded else "",
                        "responded_at": answered if responded else None,
                        "responded_by_id": assignee if responded else None,
                        "published_at": answered if published else None,
                    }
                )
    return {"inputs": out.written}
