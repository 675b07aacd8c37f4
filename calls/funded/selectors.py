"""Reads of the funded projects: the public page (filtered, paginated, each
row with its carriers and funders in a fixed number of queries), its map's
markers, the filters' choices, a community's panel."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from events.models import Event

from ..models import Application, Call, CoCarrier, FundingShare

PER_PAGE = 20


def funded() -> QuerySet[Application]:
    """Funded projects of published calls: public once decided."""
    return Application.objects.filter(
        status=Application.Status.DECIDED, decision=Application.Decision.FUNDED,
        call__state=Call.State.PUBLISHED)


def funded_projects(*, call: str = "", territory: str = "", theme: str = "") -> QuerySet:
    """The public page's rows, newest call first; `call` is a call's slug."""
    rows = funded()
    if call:
        rows = rows.filter(call__slug=call)
    if territory:
        rows = rows.filter(territory=territory)
    if theme:
        rows = rows.filter(call__themes__name=theme)
    return (rows.select_related("call", "call__direction", "organisation")
            .prefetch_related(
                Prefetch("carriers", queryset=CoCarrier.objects.select_related("organisation")
                         .order_by("organisation__name")),
                Prefetch("shares", queryset=FundingShare.objects.select_related(
                    "direction", "organisation")))
            .order_by("-call__closes_at", "title", "pk"))


def carriers_of(project: Application) -> list:
    """The lead organisation first, then its co-carriers (prefetched)."""
    return [project.organisation, *(row.organisation for row in project.carriers.all())]


def funders_of(project: Application) -> list:
    """The funders sharing the grant (prefetched); without a split recorded,
    the call's own direction."""
    shares = [share.funder for share in project.shares.all()]
    return shares or [project.call.direction]


def place_of(project: Application):
    """Where the project shows on the map: its first carrier with a place."""
    for organisation in carriers_of(project):
        if organisation.has_place:
            return organisation
    return None


def markers(projects) -> list[dict]:
    """The map's markers for these rows (already read: no query)."""
    found = []
    for project in projects:
        place = place_of(project)
        if place is None:
            continue
        found.append({
            "title": project.title, "url": f"#project-{project.pk}",
            "carriers": ", ".join(o.name for o in carriers_of(project)),
            "call": project.call.title,
            "lat": float(place.latitude), "lng": float(place.longitude),
        })
    return found


def filter_choices() -> dict:
    """The calls, territories and themes that have a funded project (three queries)."""
    rows = funded()
    return {
        "calls": list(Call.objects.filter(applications__in=rows).distinct()
                      .order_by("-closes_at").values_list("slug", "title")),
        "territories": list(rows.exclude(territory="").order_by("territory")
                            .values_list("territory", flat=True).distinct()),
        "themes": list(Call.themes.through.objects.filter(
            object_id__in=rows.values("call_id"),
            content_type__app_label="calls", content_type__model="call")
            .order_by("tag__name").values_list("tag__name", flat=True).distinct()),
    }


def funded_in_community(community) -> list[Application]:
    """A community's funded projects, for its panel: one query."""
    return list(funded().filter(community=community)
                .select_related("call", "organisation").order_by("-call__closes_at", "title"))


def linkable_events(community) -> QuerySet:
    """The events a project may be linked to: the community's published ones."""
    return (Event.objects.filter(community=community, state=Event.State.PUBLISHED)
            .order_by("-starts_at"))
