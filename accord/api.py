"""Accord's API under /api/v1: mounts each app's router."""

from accord.accounts.auth import api_auth
from accord.core.api_errors import install_error_handlers
from accord.core.api_input import document_body_errors, install_strict_input
from accord.core.api_versions import VersionedNinjaAPI
from accord.core.api_writes import document_idempotency, install_committed_answers


class AccordAPI(VersionedNinjaAPI):
    """The API with ETags and If-Match (api_versions.py) and strict input (api_input.py)."""

    def get_openapi_schema(self, **kwargs):
        return document_idempotency(document_body_errors(super().get_openapi_schema(**kwargs)))


api = AccordAPI(
    title="Accord API",
    version="1",
    description=(
        "Everything the Accord web interface can do. Authenticate with a personal API token "
        "(`Authorization: Bearer acc_…`, created under Account → API tokens) or a browser session. "
        "Send bodies as `application/json` objects (415 otherwise), dates as `YYYY-MM-DD`; "
        "errors are `{detail, errors: [{field, message}]}`. "
        "Every object answers with an ETag (its `revision`); send it back in `If-Match` on PUT, "
        "PATCH, DELETE and actions on that object, and a change made from a stale copy is refused "
        "with 412. "
        "Send `Idempotency-Key` with a POST to make a retry safe: the same key and body answer "
        "the first answer again and write nothing."
    ),
    auth=api_auth,
    urls_namespace="api",
)
install_error_handlers(api)
install_strict_input(api)
install_committed_answers(api)

from accord.alignment.api import router as alignment_router  # noqa: E402
from accord.directory.api import router as directory_router  # noqa: E402
from accord.leadership.api import router as leadership_router  # noqa: E402
from accord.measurement.api import router as measurement_router  # noqa: E402
from accord.measurement.api_collection import (  # noqa: E402
    router as measurement_collection_router,
)
from accord.partnerships.api import router as partnerships_router  # noqa: E402
from accord.relationships.api import router as relationships_router  # noqa: E402
from accord.reports.api import router as reports_router  # noqa: E402
from accord.surveys.api import router as surveys_router  # noqa: E402

api.add_router("/", directory_router)
api.add_router("/", partnerships_router)
api.add_router("/", alignment_router)
api.add_router("/", leadership_router)
api.add_router("/", relationships_router)
api.add_router("/", measurement_router)
api.add_router("/", reports_router)
api.add_router("/", "accord.reports.api_digests.router")
api.add_router("/", "accord.reports.api_exports.router")
api.add_router("/", measurement_collection_router)
api.add_router("/", "accord.evaluation.api.router")
api.add_router("/", surveys_router)
api.add_router("/", "accord.accounts.api.router")
api.add_router("/", "accord.core.api.router")
