"""Accord's settings with the floor's URL added (bench/floor_urls.py), for gunicorn under wrk."""

from accord.settings import *  # noqa: F403

ROOT_URLCONF = "bench.floor_urls"
