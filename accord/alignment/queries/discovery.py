"""Candidate discovery (A1): rank directory organizations by how closely their mission and values
text matches a partnership's purpose and shared vision, and explain each score.

The ranking is one matrix product: every stored vector is unit length, so the dot product with
the query's vector is the cosine similarity. The matrix of all vectors, with what the filters
need, is an index kept per process (discovery_index.py): a warm query reads no candidate from
SQL, multiplies, and puts in order only the page shown, which alone loads its organizations and is
explained.
"""

import functools
from dataclasses import dataclass, field

import numpy as np
from django.db.models import (
    Case,
    CharField,
    OuterRef,
    StringAgg,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast

from accord.alignment import discovery_index, embedding
from accord.alignment.models import CharterVersion, DirectoryChange
from accord.alignment.services import discovery as services
from accord.core.compiled import CompiledQuery
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


def _vision(partnership):
    """The charter's shared vision: the latest final version's, or else the version being
    worked on (`partnership` a partnership or an OuterRef to one)."""
    return (
        CharterVersion.objects.filter(partnership=partnership)
        .annotate(
            working=Case(When(status=CharterVersion.Status.FINAL, then=Value(0)), default=Value(1))
        )
        .order_by("working", "-number")
        .values("vision")
    )


def _text(partnership: Partnership, vision: str | None) -> str:
    parts = (partnership.purpose or "", vision or "")
    return "\n\n".join(part.strip() for part in parts if part and part.strip())


def query_text(partnership: Partnership) -> str:
    """What candidates are compared with: the purpose and the charter's shared vision.

    The vision is the latest final charter version's, or else the version being worked on.
    """
    return _text(partnership, _vision(partnership).values_list("vision", flat=True).first())


def _inputs_query(partnership_id: int):
    members = (
        Membership.objects.current()
        .filter(partnership=OuterRef("pk"))
        .order_by()
        .values("partnership")
        .annotate(ids=StringAgg(Cast("organization_id", CharField()), Value(",")))
        .values("ids")
    )
    return (
        Partnership.objects.filter(pk=partnership_id)
        .annotate(
            vision=Subquery(_vision(OuterRef("pk"))[:1]),
            member_ids=Subquery(members),
            token=Subquery(DirectoryChange.objects.filter(pk=1).values("token")),
        )
        .values_list("vision", "member_ids", "token")
    )


# Compiled once per process (accord/core/compiled.py): every discovery query runs it, and
# building its three subqueries cost more than running them.
_inputs = CompiledQuery(_inputs_query)


def _query_inputs(partnership: Partnership) -> tuple[str, list[int], object]:
    """In one query: the query's text, the current members' organization ids (never proposed)
    and the directory's change token (for the index's freshness)."""
    rows = _inputs(partnership.pk)
    if not rows:
        raise Partnership.DoesNotExist(f"No partnership {partnership.pk}.")
    vision, ids, token = rows[0]
    return _text(partnership, vision), [int(pk) for pk in (ids or "").split(",") if pk], token


class Ranking:
    """Ranked candidates: sized and sliceable like a list, so both paginators can page it.

    Only the slice asked for is put in order (numpy's argpartition, then a sort of that slice),
    loads its organizations and explains their scores; this is deliberately not a full Sequence:
    `in` or `.index()` would explain every candidate.
    """

    def __init__(self, *, text: str, ids=None, scores=None, query_vector=None):
        self.text = text
        self.ids = ids if ids is not None else np.zeros(0, dtype=np.int64)
        self.scores = scores if scores is not None else np.zeros(0, dtype=np.float32)
        self.query_vector = query_vector

    @property
    def has_query(self) -> bool:
        return bool(self.text)

    def __len__(self) -> int:
        return len(self.ids)

    def order(self, stop: int) -> np.ndarray:
        """Positions of the best `stop` candidates, best first (ties by organization id)."""
        stop = min(stop, len(self.ids))
        if stop <= 0:
            return np.zeros(0, dtype=np.int64)
        if stop < len(self.ids):
            top = np.argpartition(-self.scores, stop - 1)[:stop]
        else:
            top = np.arange(len(self.ids))
        return top[np.lexsort((self.ids[top], -self.scores[top]))]

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            chosen = self.order(stop)[start:stop:step]
            return explain(self.ids[chosen], self.scores[chosen], self.query_vector)
        index = range(len(self))[index]  # IndexError past the end, as a list does
        return self[index : index + 1][0]


def rank_candidates(
    user, partnership: Partnership, *, kind: str = "", subtype: str = "", location: str = ""
) -> Ranking:
    """The candidates for `partnership`, best match first (ties by directory order of creation).

    The process's index (discovery_index.py) holds every organization's vector and what the
    filters need; it embeds missing or stale vectors when it catches up, so that the ranking is
    right even when no worker has run. The directory is read by everyone signed in, so no
    organization is hidden from `user` here.
    """
    text, member_ids, token = _query_inputs(partnership)
    if not text or not user or not user.is_authenticated:
        return Ranking(text=text if user and user.is_authenticated else "")
    index = discovery_index.snapshot(token)
    mask = discovery_index.candidate_mask(
        index, exclude=member_ids, kind=kind, subtype=subtype, location=location
    )
    query_vector = _query_vector(text)
    positions = np.flatnonzero(mask)
    scores = index.matrix[positions] @ query_vector if len(positions) * 4 < len(index) else None
    if scores is None:  # most rows are candidates: scoring all of them is cheaper than a copy
        scores = (index.matrix @ query_vector)[positions]
    return Ranking(text=text, ids=index.ids[positions], scores=scores, query_vector=query_vector)


@functools.lru_cache(maxsize=256)
def _cached_query_vector(text: str) -> bytes:
    return embedding.to_bytes(embedding.embed([text])[0])


def _query_vector(text: str) -> np.ndarray:
    """The query's vector; the same purpose and vision are embedded once per process."""
    return embedding.from_bytes(_cached_query_vector(text))


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
