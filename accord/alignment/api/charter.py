"""The alignment API: charter."""

from ninja import Router

router = Router()
