"""The rows of the public read-only API (/api/, docs/api.md): the same public
answer for everyone, whatever their role; what is not public is not found."""

from .table import Case, case, everyone

try:  # the world's published and draft processes (world_processes.py)
    from .world_processes import build_processes  # noqa: F401

    P, D = "/api/v1/processes/{process}", "/api/v1/processes/{draft_process}"
except ImportError:  # until they are in the world: an unknown process, not found
    P = D = "/api/v1/processes/no-such-process"
GONE = "a draft" if P != D else "no such process"

API: dict[str, list[Case]] = {
    "api/v1/communities/": [case("/api/v1/communities/", everyone())],
    "api/v1/communities/<slug:slug>/": [case("/api/v1/communities/{community}/", everyone())],
    "api/v1/events/": [case("/api/v1/events/", everyone(), "public events only")],
    "api/v1/events/<int:pk>/": [
        case("/api/v1/events/{event}/", everyone(), "a public event"),
        case("/api/v1/events/{engaged_event}/", everyone("404"),
             "an event for the engaged circle: not in the public API, even for its circle"),
        case("/api/v1/events/{draft_event}/", everyone("404"), "a draft"),
    ],
    "api/v1/processes/": [case("/api/v1/processes/", everyone(), "published processes")],
    "api/v1/processes/<slug:slug>/": [
        *([case(f"{P}/", everyone(), "a published process")] if P != D else []),
        case(f"{D}/", everyone("404"), f"{GONE}, even for its leads"),
    ],
    **{
        f"api/v1/processes/<slug:slug>/{tail}": [
            *([case(f"{P}/{tail}", everyone())] if P != D else []),
            case(f"{D}/{tail}", everyone("404"), GONE),
        ]
        for tail in (
            "phases/", "proposals/", "answers/", "commitments/", "recommendations/",
            "recommendations.csv", "referrals/", "referrals.csv", "export.json",
            "proposals.csv", "answers.csv", "commitments.csv", "feed.rss", "feed.atom",
        )
    },
    "api/schema/": [case("/api/schema/", everyone(), "the OpenAPI schema")],
    "api/docs/": [case("/api/docs/", everyone(), "Swagger UI, served from our static files")],
}
