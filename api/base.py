"""What every endpoint of the API shares: read-only, throttled with a clear
message, the same public answer for everyone."""

import math

from django.utils.translation import ngettext
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, generics, viewsets
from rest_framework.permissions import SAFE_METHODS

from .pagination import Pages
from .throttling import THROTTLES


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


class ReadOnly:
    """GET (and HEAD, OPTIONS) only: any other method is answered 405 before
    anything else, signed-in or not (no CSRF check, no throttle spent).

    Throttles, pages and filters are set here rather than in DRF's global
    defaults, so the Wagtail admin's own DRF views keep theirs."""

    throttle_classes = THROTTLES
    pagination_class = Pages
    filter_backends = (DjangoFilterBackend,)

    def initial(self, request, *args, **kwargs):
        if request.method not in SAFE_METHODS:
            raise exceptions.MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)

    def throttled(self, request, wait):
        raise TooManyRequests(wait)


class ReadOnlyViewSet(ReadOnly, viewsets.ReadOnlyModelViewSet):
    pass


class ReadOnlyList(ReadOnly, generics.ListAPIView):
    pass


def query_of(request, form_class):
    """The cleaned query parameters of a list filtered in Python (its
    selector returns a list), or a 400 naming each wrong one."""
    form = form_class(request.query_params)
    if not form.is_valid():
        raise exceptions.ValidationError(form.errors)
    return form.cleaned_data
