"""What design/static/design/map.js needs, given to a page as a JSON island
(`{{ map_config|json_script:"<id>" }}`, no inline script). One builder for
every map: the directory's, a process's proposals, the funded projects.
docs/design.md, "Maps". Knows no domain app."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.conf import settings
from django.templatetags.static import static
from django.utils.translation import gettext as _


def map_config(markers: list[dict], *, label: str = "title", details: Sequence[str] = (),
               pick: bool = False, pick_decimals: int = 5, fit_zoom: int = 15) -> dict:
    """`markers` are dicts with `lat`, `lng`, an optional `url` (the popup's
    name links to it), the `label` key naming the marker (its alt text) and
    the `details` keys shown as lines of its popup. With `pick`, a click fills
    the form's latitude and longitude, rounded to `pick_decimals`."""
    return {
        "tiles": settings.MAP_TILES_URL,
        "attribution": settings.MAP_TILES_ATTRIBUTION,
        "center": list(settings.MAP_DEFAULT_CENTER),
        "zoom": settings.MAP_DEFAULT_ZOOM,
        "markers": markers,
        "label": label,
        "details": list(details),
        "fitZoom": fit_zoom,
        "pick": pick,
        "pickDecimals": pick_decimals,
        # Leaflet's zoom buttons are named in English: in the reader's language.
        "zoomIn": _("Zoom in"),
        "zoomOut": _("Zoom out"),
        # Leaflet guesses its marker images' folder from its CSS, which fails
        # once collectstatic adds hashes to the names: give it their URLs.
        "icons": {
            "iconUrl": static("vendor/leaflet/images/marker-icon.png"),
            "iconRetinaUrl": static("vendor/leaflet/images/marker-icon-2x.png"),
            "shadowUrl": static("vendor/leaflet/images/marker-shadow.png"),
        },
    }


# Markers other apps add to a page's map. The page's app asks
# (`extra_markers("directory", community, q=..., territory=...)`); an app of
# the same or a higher layer registers a provider in its AppConfig.ready()
# (organisations: the organisations linked to the community). A provider
# returns the same marker dicts as above, each with a `kind` the page uses
# to list it apart.
_providers: dict[str, list[Callable[..., list[dict]]]] = {}


def register_markers(page: str, provider: Callable[..., list[dict]]) -> None:
    providers = _providers.setdefault(page, [])
    if provider not in providers:
        providers.append(provider)


def extra_markers(page: str, *args, **kwargs) -> list[dict]:
    return [marker for provider in _providers.get(page, ())
            for marker in provider(*args, **kwargs)]
