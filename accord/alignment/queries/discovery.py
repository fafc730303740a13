"""Candidate discovery (A1): rank directory organizations by how closely their mission and values
text matches a partnership's purpose and shared vision, and explain each score.

The ranking is one matrix product: every stored vector is unit length, so the dot product with
the query's vector is the cosine similarity. The matrix of all vectors is kept per process and
reloaded only when the stored vectors change (their count or latest update time), so a warm query
reads ids from SQL and multiplies; only the shown page loads its organizations and is explained.
"""

import threading
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Case, Count, Exists, Max, OuterRef, Q, QuerySet, Value, When

from accord.alignment import embedding
from accord.alignment.models import CharterVersion, OrganizationVector
from accord.alignment.services import discovery as services
from accord.directory.models import Organization
from accord.partnerships.models import Membership, Partnership

# How many of an organization's sentences explain its score.
MATCHES_SHOWN = 2
# Fields a result shows besides the text it is explained by.
LISTED_FIELDS = ("name", "kind", "subtype", "city", "region", "country")


@dataclass(frozen=True)
class Match:
    """A sentence of the organization's own text and how closely it matches the query."""

    sentence: str
    score: float

    @property
    def percent(self) -> int:
        return round(self.score * 100)


@dataclass(frozen=True)
class Candidate:
    """One ranked organization: its score (0 to 1) and the sentences that matched best."""

    organization: Organization
    score: float
    matches: list[Match] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def clamp(score: float) -> float:
    """A cosine similarity as a 0..1 score: opposite meanings count as no match at all."""
    return round(min(1.0, max(0.0, float(score))), 4)


def query_text(partnership: Partnership) -> str:
    """What candidates are compared with: the purpose and the charter's shared vision.

    The vision is the latest final charter version's, or else the version being worked on.
    """
    vision = (
        CharterVersion.objects.filter(partnership=partnership)
        .annotate(
            working=Case(When(status=CharterVersion.Status.FINAL, then=Value(0)), default=Value(1))
        )
        .order_by("working", "-number")
        .values_list("vision", flat=True)
        .first()
    )
    parts = (partnership.purpose or "", vision or "")
    return "\n\n".join(part.strip() for part in parts if part and part.strip())


def candidate_organizations(
    user, partnership: Partnership, *, kind: str = "", subtype: str = "", location: str = ""
) -> QuerySet[Organization]:
    """Directory organizations that could join: not archived, not current members, filtered."""
    members = Membership.objects.current().filter(partnership=partnership)
    organizations = (
        Organization.objects.visible_to(user)
        .filter(archived_at__isnull=True)
        .exclude(pk__in=members.values("organization_id"))
    )
    if kind:
        organizations = organizations.filter(kind=kind)
    if subtype:
        organizations = organizations.filter(subtype=subtype)
    location = location.strip()
    if location:
        organizations = organizations.filter(
            Q(city__icontains=location)
            | Q(region__icontains=location)
            | Q(country__icontains=location)
        )
    return organizations


def _fresh_vector():
    # Fresh: of the current model and written after the organization last changed. The text hash
    # is checked again before re-embedding, so a save that changed no text costs no embedding.
    return Exists(
        OrganizationVector.objects.filter(
            organization=OuterRef("pk"),
            model_name=embedding.MODEL_NAME,
            updated_at__gte=OuterRef("updated_at"),
        )
    )


@dataclass(frozen=True)
class _Vectors:
    key: tuple | None
    ids: np.ndarray
    matrix: np.ndarray


_EMPTY = _Vectors(None, np.zeros(0, dtype=np.int64), np.zeros((0, embedding.DIMENSIONS)))
_vectors = _EMPTY
_vectors_lock = threading.Lock()


def stored_vectors(*, reload: bool = False) -> _Vectors:
    """Every stored vector as (sorted organization ids, matrix), cached while none changes."""
    global _vectors
    current = OrganizationVector.objects.filter(model_name=embedding.MODEL_NAME)
    stats = current.aggregate(count=Count("pk"), latest=Max("updated_at"))
    key = (stats["count"], stats["latest"])
    if _vectors.key == key and not reload:
        return _vectors
    with _vectors_lock:
        if _vectors.key == key and not reload:
            return _vectors
        rows = list(current.order_by("organization_id").values_list("organization_id", "vector"))
        ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
        buffer = b"".join(bytes(row[1]) for row in rows)
        matrix = np.frombuffer(buffer, dtype=embedding.DTYPE).reshape(-1, embedding.DIMENSIONS)
        _vectors = _Vectors(key, ids, matrix)
        return _vectors


def _positions(vectors: _Vectors, ids: np.ndarray) -> np.ndarray | None:
    """Row of each id in the matrix, or None when one of them is not there."""
    if not len(vectors.ids):
        return None if len(ids) else ids
    positions = np.searchsorted(vectors.ids, ids).clip(max=len(vectors.ids) - 1)
    return positions if np.array_equal(vectors.ids[positions], ids) else None


class Ranking:
    """Ranked candidates: sized and sliceable like a list, so both paginators can page it.

    Only a slice that is asked for loads its organizations and explains their scores (so this is
    deliberately not a full Sequence: `in` or `.index()` would explain every candidate).
    """

    def __init__(self, *, text: str, ids=None, scores=None, query_vector=None):
        self.text = text
        self.ids = ids if ids is not None else np.zeros(0, dtype=np.int64)
        self.scores = scores if scores is not None else np.zeros(0)
        self.query_vector = query_vector

    @property
    def has_query(self) -> bool:
        return bool(self.text)

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return explain(self.ids[index], self.scores[index], self.query_vector)
        index = range(len(self))[index]  # IndexError past the end, as a list does
        return self[index : index + 1][0]


def rank_candidates(
    user, partnership: Partnership, *, kind: str = "", subtype: str = "", location: str = ""
) -> Ranking:
    """The candidates for `partnership`, best match first (ties by directory order of creation).

    Organizations among the candidates whose vector is missing or stale are embedded first, in
    one batch, so that the ranking is right even when no worker has run.
    """
    text = query_text(partnership)
    if not text:
        return Ranking(text="")
    candidates = candidate_organizations(
        user, partnership, kind=kind, subtype=subtype, location=location
    ).annotate(fresh=_fresh_vector())
    rows = list(candidates.order_by("pk").values_list("pk", "fresh"))
    if not all(fresh for _, fresh in rows):
        stale = candidates.filter(fresh=False).only(*services.TEXT_FIELDS)
        services.organization_vectors_refresh(organizations=stale)
    ids = np.fromiter((pk for pk, _ in rows), dtype=np.int64, count=len(rows))
    vectors = stored_vectors()
    positions = _positions(vectors, ids)
    if positions is None:  # changed between the two reads: read the vectors again
        vectors = stored_vectors(reload=True)
        positions = _positions(vectors, ids)
    if positions is None:
        known = np.isin(ids, vectors.ids)
        ids = ids[known]
        positions = np.searchsorted(vectors.ids, ids)
    query_vector = embedding.embed([text])[0]
    # Score every stored vector, then pick the candidates': cheaper than copying their rows.
    scores = (vectors.matrix @ query_vector)[positions]
    order = np.argsort(-scores, kind="stable")
    return Ranking(text=text, ids=ids[order], scores=scores[order], query_vector=query_vector)


def explain(ids: np.ndarray, scores: np.ndarray, query_vector) -> list[Candidate]:
    """Load one page of ranked organizations and find each one's best-matching sentences."""
    if not len(ids):
        return []
    fields = (*LISTED_FIELDS, *services.TEXT_FIELDS)
    organizations = Organization.objects.only(*fields).in_bulk([int(pk) for pk in ids])
    sentences = {pk: services.organization_sentences(organizations[pk]) for pk in organizations}
    flat = [sentence for pk in organizations for sentence in sentences[pk]]
    similarities = embedding.embed(flat) @ query_vector if flat else np.zeros(0)
    results, start = [], 0
    offsets = {}
    for pk in organizations:
        offsets[pk] = start
        start += len(sentences[pk])
    for pk, score in zip(ids.tolist(), scores.tolist(), strict=True):
        if pk not in organizations:  # removed since the ranking was made
            continue
        own = similarities[offsets[pk] : offsets[pk] + len(sentences[pk])]
        best = np.argsort(-own, kind="stable")[:MATCHES_SHOWN]
        matches = [Match(sentences[pk][i], clamp(own[i])) for i in best.tolist()]
        results.append(Candidate(organizations[pk], clamp(score), matches))
    return results
