"""What every endpoint of the API shares: read-only, throttled with a clear
message, the same public answer for everyone."""

import math

from django.utils.translation import ngettext
from rest_framework import exceptions, viewsets
from rest_framework.permissions import SAFE_METHODS


class TooManyRequests(exceptions.Throttled):
    def __init__(self, wait):
        wait = max(1, math.ceil(wait or 1))
        detail = ngettext(
            "Too many requests to the API from this client. Try again in %(wait)d second. "
            "The limits are described in the API documentation (/api/docs/).",
            "Too many requests to the API from this client. Try again in %(wait)d seconds. "
            "The limits are described in the API documentation (/api/docs/).",
            wait,
        ) % {"wait": wait}
        super().__init__(detail=detail)
        self.wait = wait  # the Retry-After header


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """GET (and HEAD, OPTIONS) only: any other method is answered 405 before
    anything else, signed-in or not (no CSRF check, no throttle spent)."""

    def initial(self, request, *args, **kwargs):
        if request.method not in SAFE_METHODS:
            raise exceptions.MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)

    def throttled(self, request, wait):
        raise TooManyRequests(wait)
