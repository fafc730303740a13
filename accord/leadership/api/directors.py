"""The leadership API: directors."""

from ninja import Router

router = Router()
