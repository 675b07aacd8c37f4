"""The dashboards' former addresses under /gardeners/, answered with a 301.

Mounted at /gardeners/ after the gardeners app's own URLs (terreau/urls.py),
so that its fixed pages (directions/, communities/new/) keep answering; the
query string (an overview's ?sort=) is passed on.
"""

from django.urls import path
from django.views.generic import RedirectView


def _moved(name: str):
    return RedirectView.as_view(pattern_name=name, permanent=True, query_string=True)


urlpatterns = [
    path("overview/", _moved("insights:overview")),
    path("overview.csv", _moved("insights:overview_export")),
    path("<slug:slug>/", _moved("insights:dashboard")),
]
