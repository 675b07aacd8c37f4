"""Addresses that moved: the old one answers with the new one, for good.

    moved("events/community/<slug:slug>/", "events:community")

is a URL pattern whose view answers 301 (Moved Permanently) to the named
pattern, reversed with the same arguments and keeping the query string, so
a bookmark or a link in an old e-mail still lands on the page. A request
other than GET or HEAD (a form posted from a page open since before the move)
gets 308, which keeps its method and body, instead of being turned into a GET.
The tests walk every pattern made here (tests/communities/test_moved.py).
"""

from django.http import HttpResponsePermanentRedirect
from django.urls import path, reverse
from django.views.generic import RedirectView


class HttpResponsePermanentRedirectKeepingMethod(HttpResponsePermanentRedirect):
    status_code = 308


class MovedView(RedirectView):
    permanent = True
    query_string = True

    def dispatch(self, request, *args, **kwargs):
        target = self.get_redirect_url(*args, **kwargs)
        if request.method in ("GET", "HEAD"):
            return HttpResponsePermanentRedirect(target)
        return HttpResponsePermanentRedirectKeepingMethod(target)

    def get_redirect_url(self, *args, **kwargs):
        url = reverse(self.pattern_name, args=args, kwargs=kwargs)
        query = self.request.META.get("QUERY_STRING", "")
        return f"{url}?{query}" if query else url


def moved(old_route: str, pattern_name: str):
    """A pattern for `old_route` that sends to `pattern_name` (same arguments)."""
    return path(old_route, MovedView.as_view(pattern_name=pattern_name))
