"""What makes a scorecard recompute: a save or a delete of a record its criteria read.

The models are listed here (the registry `watch`), connected to post_save and post_delete in
the app's ready(); the pillars never know about it. Each change names its partnership through
the model's `partnership_path`; the partnerships changed in one transaction are asked for once,
after the commit (`services.scorecard_request`, coalesced: one pending recompute per
partnership), and a rolled-back change asks for nothing. Bulk writes that send no signals (the
scale generator) are covered by `accord scorecard --all`.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from accord.core.rules import partnership_path

WATCHED: list = []


def watch(*models) -> None:
    """Recompute the scorecard of a record's partnership when a record of `models` changes."""
    for model in models:
        if model not in WATCHED:
            WATCHED.append(model)
            uid = f"evaluation-{model._meta.label_lower}"
            post_save.connect(changed, sender=model, dispatch_uid=uid + "-save")
            post_delete.connect(changed, sender=model, dispatch_uid=uid + "-delete")


def partnership_of_change(instance):
    """The id of the partnership `instance` belongs to, following its `partnership_path` through
    the related objects already loaded; where one is not, (model, pk, rest of the path) to look
    up after the commit, so that a write costs no query more inside its transaction."""
    path = partnership_path(type(instance))
    if not path:
        return instance.pk
    *hops, last = path.split("__")
    obj = instance
    for index, hop in enumerate(hops):
        field = obj._meta.get_field(hop)
        if not field.is_cached(obj):
            related_id = getattr(obj, field.attname)
            if related_id is None:
                return None
            return (field.related_model, related_id, "__".join([*hops[index + 1 :], last]))
        obj = getattr(obj, hop)
    return getattr(obj, f"{last}_id", None)


def look_up(found) -> int | None:
    """A partnership id, from what `partnership_of_change` found (one query for a lookup)."""
    if found is None or isinstance(found, int):
        return found
    model, pk, rest = found
    return model._base_manager.filter(pk=pk).values_list(f"{rest}_id", flat=True).first()


class Batch:
    """The partnerships changed in one transaction, asked for once after its commit."""

    def __init__(self):
        self.ids: set[int] = set()
        self.lookups: set = set()

    def flush(self) -> None:
        from .services import scorecard_request

        found = {look_up(lookup) for lookup in self.lookups}
        ids = sorted((self.ids | found) - {None})
        self.ids, self.lookups = set(), set()
        for partnership_id in ids:
            scorecard_request(partnership_id=partnership_id)


def changed(sender, instance, raw=False, **kwargs) -> None:
    if raw:  # loaddata: fixtures are not edits
        return
    found = partnership_of_change(instance)
    if found is None:
        return
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        from .services import scorecard_request

        if (partnership_id := look_up(found)) is not None:
            scorecard_request(partnership_id=partnership_id)
        return
    batch, index = getattr(connection, "_accord_scorecard_batch", (None, -1))
    callbacks = connection.run_on_commit
    # Still registered in this transaction? (A rollback drops the callback, and with it the batch.)
    if batch is None or not (index < len(callbacks) and callbacks[index][1] == batch.flush):
        batch = Batch()
        connection._accord_scorecard_batch = (batch, len(callbacks))
        transaction.on_commit(batch.flush, robust=True)
    if isinstance(found, int):
        batch.ids.add(found)
    else:
        batch.lookups.add(found)


def connect() -> None:
    """Watch the records every criterion reads (called from the app's ready())."""
    from accord.alignment.models import CharterEndorsement, CharterVersion
    from accord.leadership.models import Commitment, Mou, ProjectDirectorHandover
    from accord.measurement.models import MeasuresEndorsement, MeasuresVersion
    from accord.measurement.models_collection import ReportingPeriod, Submission
    from accord.partnerships.models import Membership, PartnershipRole
    from accord.relationships.models import AffectedGroup, Attendance, Body, BodyMeeting, Seat
    from accord.relationships.models_engagements import (
        Engagement,
        EngagementAttendee,
        EngagementGroup,
        EngagementRhythm,
    )
    from accord.relationships.models_ledger import Input, LedgerSettings
    from accord.relationships.models_trust import TrustRating, TrustResponse, TrustWave
    from accord.surveys.models import SurveyResponse, SurveyWave

    watch(
        Membership,
        PartnershipRole,
        CharterVersion,
        CharterEndorsement,
        Mou,
        ProjectDirectorHandover,
        Commitment,
        AffectedGroup,
        Body,
        Seat,
        BodyMeeting,
        Attendance,
        Engagement,
        EngagementAttendee,
        EngagementGroup,
        EngagementRhythm,
        Input,
        LedgerSettings,
        TrustWave,
        TrustResponse,
        TrustRating,
        MeasuresVersion,
        MeasuresEndorsement,
        ReportingPeriod,
        Submission,
        # A wave that closes, and each answer that arrives (its answers are written with it).
        SurveyWave,
        SurveyResponse,
    )


def discard(partnership_ids) -> None:
    """Forget the changes of this transaction to these partnerships: their scorecards were just
    computed from them (the demo's last step)."""
    connection = transaction.get_connection()
    batch, _ = getattr(connection, "_accord_scorecard_batch", (None, -1))
    if batch is not None:
        ids = set(partnership_ids)
        batch.ids -= ids
        batch.lookups = {found for found in batch.lookups if look_up(found) not in ids}
