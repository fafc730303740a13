"""The alignment API: rubrics."""

from ninja import Router

router = Router()
