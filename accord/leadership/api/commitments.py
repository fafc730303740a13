"""The leadership API: commitments."""

from ninja import Router

router = Router()
