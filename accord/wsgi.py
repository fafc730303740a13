"""WSGI entry point (gunicorn accord.wsgi).

numpy's math library (OpenBLAS) must not start threads of its own: the web server already runs a
process per core, and those threads would fight the workers for the cores (set before numpy
loads; discovery's matrix products are small enough for one thread).
With gunicorn's `--preload`, the app is loaded once before the workers fork: candidate
discovery's model and index are loaded then (ACCORD_WARM_DISCOVERY), so that every worker shares
them instead of holding its own copy.
"""

import os

for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

from django.core.wsgi import get_wsgi_application  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
application = get_wsgi_application()


def warm_discovery() -> None:
    """Load discovery's model and index, then close the database connections (before a fork,
    a connection must not be shared by the processes that follow)."""
    from django.db import connections

    from accord.alignment import discovery_index

    try:
        discovery_index.warm()
    finally:
        connections.close_all()


if os.environ.get("ACCORD_WARM_DISCOVERY", "").lower() in ("1", "true", "yes"):
    warm_discovery()
