"""The per-process index behind candidate discovery (A1): every organization's vector in one
contiguous float32 matrix, with what the filters need, kept in step with the database.

A query reads one row: the directory's change token (DirectoryChange, set by database triggers
in every transaction that writes organizations or vectors, so it is right across processes);
when it is the token the snapshot was made at, it reads nothing else of the directory. When it
moved, two aggregates tell what did (how many organizations there are and when they last
changed; when vectors last changed, read from an index), and only what changed since is read
(with a short overlap, because a transaction may commit after a later one), missing or stale
vectors are embedded, and the changed rows are written into a new snapshot that replaces the
old one at once, so threads never see half an update. Rows that vanished (a rolled-back test, a
restore) show as a count that no longer matches, and rebuild the index.

The index is built before gunicorn forks its workers when `--preload` is on (see
`warm_discovery` in accord/wsgi.py), so the workers share the model and the matrix.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from datetime import timedelta

import numpy as np
from django.db.models import Count, Exists, Max, OuterRef, Q

from accord.alignment import embedding
from accord.alignment.models import DirectoryChange, OrganizationVector
from accord.alignment.services import discovery as services
from accord.directory.models import Organization

# A transaction can commit after one that changed rows later: what changed this long before the
# last change seen is read again.
OVERLAP = timedelta(seconds=60)
KINDS = {value: code for code, value in enumerate(Organization.Kind.values)}
SUBTYPES = {value: code for code, value in enumerate(Organization.Subtype.values)}
META_FIELDS = ("pk", "updated_at", "kind", "subtype", "archived_at", "city", "region", "country")


@dataclass(frozen=True)
class Snapshot:
    """The index at one moment: rows sorted by organization id."""

    token: int | None  # the directory's change token it was made at (read before it was made)
    organizations: tuple  # (count, latest updated_at) of the organizations it reflects
    vectors: tuple  # (latest updated_at,) of the stored vectors it reflects
    ids: np.ndarray  # int64
    matrix: np.ndarray  # float32, (rows, DIMENSIONS), C-contiguous
    kinds: np.ndarray  # int8 codes of Organization.Kind
    subtypes: np.ndarray  # int8 codes of Organization.Subtype
    archived: np.ndarray  # bool
    places: tuple[str, ...]  # "city\nregion\ncountry", lower case, for the location filter

    def __len__(self) -> int:
        return len(self.ids)


def _empty() -> Snapshot:
    return Snapshot(
        token=_NEVER,
        organizations=(None, None),
        vectors=(None,),
        ids=np.zeros(0, dtype=np.int64),
        matrix=np.zeros((0, embedding.DIMENSIONS), dtype=embedding.DTYPE),
        kinds=np.zeros(0, dtype=np.int8),
        subtypes=np.zeros(0, dtype=np.int8),
        archived=np.zeros(0, dtype=bool),
        places=(),
    )


_NEVER = object()  # the token of the empty index: never equal to one read from the database
_snapshot = _empty()
_lock = threading.Lock()


def _vectors():
    return OrganizationVector.objects.filter(model_name=embedding.MODEL_NAME)


def change_token():
    """The directory's change token: one read of one row by its primary key (None: no write
    since the table was created or emptied)."""
    return DirectoryChange.objects.filter(pk=1).values_list("token", flat=True).first()


def _keys() -> tuple[tuple, tuple]:
    """Whether anything changed: how many organizations, and when they and vectors last did."""
    organizations = Organization.objects.aggregate(count=Count("pk"), latest=Max("updated_at"))
    vectors = OrganizationVector.objects.aggregate(latest=Max("updated_at"))  # from the index
    return (organizations["count"], organizations["latest"]), (vectors["latest"],)


def _fresh_vector():
    # Fresh: of the current model and written after the organization last changed. The text
    # hash is checked again before re-embedding, so a save that changed no text costs nothing.
    return Exists(
        _vectors().filter(organization=OuterRef("pk"), updated_at__gte=OuterRef("updated_at"))
    )


def _embed_stale(organizations) -> None:
    stale = organizations.annotate(fresh=_fresh_vector()).filter(fresh=False)
    if stale.exists():
        services.organization_vectors_refresh(organizations=stale.only(*services.TEXT_FIELDS))


def snapshot(token=_NEVER) -> Snapshot:
    """The index, brought up to date with the database (one read of one row when nothing
    changed). `token`: the change token when the caller has just read it in a query of its own
    (`change_token()` as a subquery)."""
    global _snapshot
    if token is _NEVER:
        token = change_token()
    current = _snapshot
    if current.token == token:
        return current
    with _lock:
        current = _snapshot
        if current.token == token:
            return current
        # Read after the token: a write that commits in between shows in the aggregates (or
        # the next query's token), never the other way round.
        keys = _keys()
        if (current.organizations, current.vectors) == keys:
            _snapshot = replace(current, token=token)
            return _snapshot
        updated = None
        if current.organizations[1] is not None and keys[0][0] >= current.organizations[0]:
            updated = _update(current)
        # Rows that vanished (a rolled-back transaction, a restore) would stay behind in the
        # index: then it starts again from the database.
        if updated is None or len(updated) != updated.organizations[0]:
            updated = _rebuild()
        # When the token moved meanwhile (this process embedded vectors, or another committed),
        # the snapshot is recorded at no token: the next query compares the aggregates again
        # and records the token then. (Vectors embedded here in a transaction that then rolls
        # back must not stay behind under the token they replaced.)
        _snapshot = replace(updated, token=token if change_token() == token else _NEVER)
        return _snapshot


def reset() -> None:
    """Forget the index (tests that empty the database, a restore)."""
    global _snapshot
    with _lock:
        _snapshot = _empty()


def _rebuild() -> Snapshot:
    _embed_stale(Organization.objects.all())
    keys = _keys()
    meta = list(Organization.objects.order_by("pk").values_list(*META_FIELDS))
    return _with_rows(_empty(), meta, _read_vectors(_vectors()), keys)


def _update(current: Snapshot) -> Snapshot:
    since = current.organizations[1] - OVERLAP
    vector_since = (current.vectors[0] or current.organizations[1]) - OVERLAP
    # Organizations that changed, or whose vector was written since (by a worker, or by an
    # older model, which makes it stale).
    rewritten = OrganizationVector.objects.filter(updated_at__gte=vector_since)
    changed = Organization.objects.filter(
        Q(updated_at__gte=since) | Q(pk__in=rewritten.values("organization_id"))
    )
    _embed_stale(changed)
    keys = _keys()
    meta = list(changed.order_by("pk").values_list(*META_FIELDS))
    vectors = _read_vectors(
        _vectors().filter(
            Q(updated_at__gte=vector_since) | Q(organization__in=[row[0] for row in meta])
        )
    )
    return _with_rows(current, meta, vectors, keys)


def _read_vectors(queryset) -> dict[int, np.ndarray]:
    rows = queryset.values_list("organization_id", "vector")
    return {pk: embedding.from_bytes(bytes(vector)) for pk, vector in rows}


def _with_rows(current: Snapshot, meta: list[tuple], vectors: dict, keys) -> Snapshot:
    """A new snapshot: `current` with these organizations' rows added or replaced."""
    ids = current.ids
    new_ids = sorted(({row[0] for row in meta} | set(vectors)) - set(ids.tolist()))
    if new_ids:
        ids = np.union1d(ids, np.asarray(new_ids, dtype=np.int64))
    grow = len(ids) != len(current.ids)
    if grow:
        # Rows of the old snapshot move to their places among the new ones.
        old_positions = np.searchsorted(ids, current.ids)
        matrix = np.zeros((len(ids), embedding.DIMENSIONS), dtype=embedding.DTYPE)
        matrix[old_positions] = current.matrix
        kinds = np.zeros(len(ids), dtype=np.int8)
        kinds[old_positions] = current.kinds
        subtypes = np.zeros(len(ids), dtype=np.int8)
        subtypes[old_positions] = current.subtypes
        archived = np.ones(len(ids), dtype=bool)  # no row of its own yet: never a candidate
        archived[old_positions] = current.archived
        places = [""] * len(ids)
        for position, place in zip(old_positions.tolist(), current.places, strict=True):
            places[position] = place
    else:
        matrix, kinds = current.matrix.copy(), current.kinds.copy()
        subtypes, archived = current.subtypes.copy(), current.archived.copy()
        places = list(current.places)
    for pk, _updated, kind, subtype, archived_at, city, region, country in meta:
        position = int(np.searchsorted(ids, pk))
        kinds[position] = KINDS.get(kind, 0)
        subtypes[position] = SUBTYPES.get(subtype, 0)
        archived[position] = archived_at is not None
        places[position] = "\n".join((city or "", region or "", country or "")).lower()
    for pk, vector in vectors.items():
        matrix[int(np.searchsorted(ids, pk))] = vector
    return replace(
        current,
        organizations=keys[0],
        vectors=keys[1],
        ids=ids,
        matrix=np.ascontiguousarray(matrix),
        kinds=kinds,
        subtypes=subtypes,
        archived=archived,
        places=tuple(places),
    )


def candidate_mask(
    index: Snapshot, *, exclude: list[int], kind: str = "", subtype: str = "", location: str = ""
) -> np.ndarray:
    """Rows that may be proposed: not archived, not excluded (current members), filtered."""
    mask = ~index.archived
    if exclude:
        mask &= ~np.isin(index.ids, np.asarray(exclude, dtype=np.int64))
    if kind:
        mask &= index.kinds == KINDS.get(kind, -1)
    if subtype:
        mask &= index.subtypes == SUBTYPES.get(subtype, -1)
    location = location.strip().lower()
    if location:
        mask &= np.fromiter(
            (location in place for place in index.places), dtype=bool, count=len(index.places)
        )
    return mask


def warm() -> None:
    """Load the model and the index now (before gunicorn forks, with --preload)."""
    embedding.get_model()
    snapshot()
