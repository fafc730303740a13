"""The public verification page (L5): anyone holding a PDF uploads it, or enters its SHA-256,
and learns whether it is an intact executed Accord document, with its signers and dates.

No sign-in: the document itself is the key, never an id in the URL, and the answer is given in
the response to the post. A hash that matches nothing reveals nothing. Uses are limited per
client address (ACCORD_VERIFY_LIMIT per ACCORD_VERIFY_WINDOW_SECONDS, in the database so that
the limit holds across every web worker); past the limit the page answers 429.
"""

import hashlib

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from accord.core.http import client_ip
from accord.core.ratelimit import hit

from ..forms_mous import VerifyForm
from ..queries.mous import verify_sha256

SCOPE = "leadership.verify"
CHUNK = 64 * 1024


def rate_limited(request):
    """The verdict on one more use of verification by this client."""
    return hit(
        SCOPE,
        client_ip(request),
        limit=settings.ACCORD_VERIFY_LIMIT,
        seconds=settings.ACCORD_VERIFY_WINDOW_SECONDS,
    )


def file_sha256(upload) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


@never_cache
def verify(request):
    posted = request.method == "POST"
    form = VerifyForm(request.POST if posted else None, request.FILES if posted else None)
    context = {"form": form, "checked": False}
    if posted:
        verdict = rate_limited(request)
        if not verdict.allowed:
            response = render(
                request,
                "leadership/mous/public_verify.html",
                {**context, "limited": True, "retry_minutes": -(-verdict.retry_after // 60)},
                status=429,
            )
            response["Retry-After"] = str(verdict.retry_after)
            return response
        if form.is_valid():
            upload = form.cleaned_data.get("file")
            sha256 = file_sha256(upload) if upload else form.cleaned_data["sha256"]
            context |= {"checked": True, "sha256": sha256, "result": verify_sha256(sha256)}
    return render(request, "leadership/mous/public_verify.html", context)
