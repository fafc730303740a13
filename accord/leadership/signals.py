"""Signal receivers of the leadership pillar, connected in LeadershipConfig.ready.

They live here, not in the directory app, so that the directory never imports the pillars.
"""

from django.db import transaction

WATCHED_FIELDS = {"organization", "archived_at"}


def person_saved(sender, instance, created=False, raw=False, update_fields=None, **kwargs) -> None:
    """After a person is archived or moves organization, end the project director roles they
    no longer hold rightly and alert the stewards (L6).

    The work waits for the commit: it must see the saved person, and a rolled-back change must
    neither end a role nor alert anyone.
    """
    if raw or created:  # loaddata is not an edit; a new person holds no role yet
        return
    if update_fields is not None and not WATCHED_FIELDS & set(update_fields):
        return
    person_id = instance.pk
    transaction.on_commit(lambda: _close_gaps(person_id), robust=True)


def _close_gaps(person_id: int) -> None:
    from accord.leadership.services.directors import director_gap_close

    director_gap_close(person_id=person_id)
