"""The alignment API: assessments."""

from ninja import Router

router = Router()
