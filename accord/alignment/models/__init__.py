"""Pillar 1, alignment of core values: the rubric, assessments, discovery vectors, the charter."""

from .assessment import Assessment, Assessor, Score
from .charter import (
    CharterBenefit,
    CharterComment,
    CharterEndorsement,
    CharterValue,
    CharterVersion,
)
from .discovery import DirectoryChange, OrganizationVector
from .rubric import Criterion, Rubric

__all__ = [
    "Assessment",
    "Assessor",
    "CharterBenefit",
    "CharterComment",
    "CharterEndorsement",
    "CharterValue",
    "CharterVersion",
    "Criterion",
    "DirectoryChange",
    "OrganizationVector",
    "Rubric",
    "Score",
]
