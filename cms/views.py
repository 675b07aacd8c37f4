"""The CMS's own Django views: site search, the sitemap and robots.txt.

Pages themselves are served by Wagtail; the feeds are cms.feeds.
"""

from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import search
from .sitemaps import sitemaps_for

SEARCH_PREVIEW = 5
SEARCH_PER_PAGE = 20
SEARCH_GROUPS = ("pages", "communities", "events")


def _groups(query: str, request) -> dict:
    return {
        "pages": search.search_pages(query=query, request=request),
        "communities": search.search_communities(query=query),
        "events": search.search_events(query=query, user=request.user),
    }


@require_GET
def site_search(request):
    """One box, three groups of results; `kind` shows one group, paginated."""
    raw = request.GET.get("q", "")
    query = search.clean_query(raw)
    kind = request.GET.get("kind", "")
    if kind not in SEARCH_GROUPS:
        kind = ""
    context = {
        "query": query,
        "kind": kind,
        "cut": len(" ".join(raw.split())) > search.MAX_QUERY,
        "max_query": search.MAX_QUERY,
        "groups": [],
    }
    if len(query) < search.MIN_QUERY:
        if raw.strip():
            context["notice"] = _("Type at least %(count)d characters to search.") % {
                "count": search.MIN_QUERY
            }
        return render(request, "cms/search.html", context)

    groups = _groups(query, request)
    titles = {"pages": _("Pages"), "communities": _("Communities"), "events": _("Events")}
    if kind:
        page_obj = Paginator(groups[kind], SEARCH_PER_PAGE).get_page(request.GET.get("page"))
        results = list(page_obj.object_list)
        context["page_obj"] = page_obj
        context["groups"] = [
            {
                "kind": kind,
                "title": titles[kind],
                "results": search.with_snippets(results) if kind == "pages" else results,
                "count": page_obj.paginator.count,
            }
        ]
    else:
        for name in SEARCH_GROUPS:
            results = groups[name]
            preview = list(results[: SEARCH_PREVIEW + 1])
            if name == "pages":
                preview = search.with_snippets(preview)
            count = len(preview) if len(preview) <= SEARCH_PREVIEW else results.count()
            context["groups"].append(
                {
                    "kind": name,
                    "title": titles[name],
                    "results": preview[:SEARCH_PREVIEW],
                    "count": count,
                }
            )
    context["total"] = sum(group["count"] for group in context["groups"])
    return render(request, "cms/search.html", context)


@require_GET
def sitemap(request):
    return sitemap_views.sitemap(request, sitemaps_for(request))


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /cms/",
        "Disallow: /django-admin/",
        "Disallow: /me/",
        "Disallow: /dev/",
        "Disallow: /search/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('cms:sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
