"""The alignment API: discovery."""

from ninja import Router

router = Router()
