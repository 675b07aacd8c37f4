"""Per-process open data: its proposals, answers, commitments, the citizen
opinion's recommendations with their answers, and what communities referred
to it with its answers, as CSV (one file each) and as one JSON document.

Every row is what the API shows (the same serializers): public fields only,
people by display name, hidden proposals left out. CSV cells go through
terreau.spreadsheets, which neutralises anything a spreadsheet would read as
a formula.
"""

import io

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import generics, renderers, serializers
from rest_framework.response import Response

from processes import opinion_selectors
from processes import selectors as processes
from terreau.spreadsheets import csv_writer

from .base import ReadOnly
from .process_serializers import (
    CommitmentSerializer,
    ProcessDetailSerializer,
    ProposalAnswerSerializer,
    ProposalSerializer,
    RecommendationSerializer,
    ReferralSerializer,
)
from .process_views import published_process


class CsvRenderer(renderers.BaseRenderer):
    """Lets a client ask for text/csv; errors (404, 429) are written as their text."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, dict) and "detail" in data:
            return str(data["detail"]).encode()
        return str(data or "").encode()


def export_data(process, request) -> dict:
    """Everything the exports hold, serialized once (7 queries after the process)."""
    context = {"request": request, "process": process,
               "counters": processes.answer_counters(process)}
    proposals = processes.proposals_of(process)
    answers = sorted((p.answer for p in proposals if p.answer_or_none is not None),
                     key=lambda a: (a.answered_at, a.pk))
    return {
        "process": ProcessDetailSerializer(process, context=context).data,
        "proposals": ProposalSerializer(proposals, many=True, context=context).data,
        "answers": ProposalAnswerSerializer(answers, many=True, context=context).data,
        "commitments": CommitmentSerializer(
            processes.commitments_of(process), many=True, context=context).data,
        "recommendations": RecommendationSerializer(
            opinion_selectors.public_recommendations(process), many=True, context=context).data,
        "referrals": ReferralSerializer(
            processes.public_referrals(process), many=True, context=context).data,
    }


def _flat(row: dict) -> dict:
    """Nested objects become `outer_inner` columns (answer_status, proposal_id...);
    a list of references, their ids joined by spaces (proposals: "3 8 12")."""
    flat = {}
    for key, value in row.items():
        if isinstance(value, dict):
            flat.update({f"{key}_{k}": v for k, v in value.items()})
        elif isinstance(value, list):
            flat[key] = " ".join(str(item["id"]) for item in value)
        else:
            flat[key] = value
    return flat


COLUMNS = {
    "proposals": ["id", "title", "text", "category", "source", "workshop_id", "workshop_title",
                  "workshop_starts_at", "participants", "author", "created_at",
                  "support_count", "comment_count", "answer_status", "answer_reason",
                  "answer_answered_at", "url"],
    "answers": ["proposal_id", "proposal_title", "status", "reason", "answered_at", "late"],
    "commitments": ["id", "title", "status", "progress", "due_on", "note", "updated_at",
                    "proposal_id", "proposal_title"],
    "recommendations": ["id", "position", "title", "text", "author", "proposals",
                        "answer_status", "answer_reason", "answer_answered_at", "late", "url"],
    "referrals": ["id", "community_slug", "community_name", "source", "title",
                  "working_group", "message", "referred_at", "referred_by", "due_on",
                  "answer_status", "answer_reason", "answer_answered_at", "overdue", "url"],
}


def _csv(rows: list[dict], columns: list[str]) -> str:
    stream = io.StringIO()
    writer = csv_writer(stream)
    writer.writerow(columns)
    for row in rows:
        flat = _flat(row)
        writer.writerow(["" if flat.get(c) is None else flat.get(c) for c in columns])
    return stream.getvalue()


@extend_schema(
    summary="A process's open data as one JSON document", tags=["open data"],
    responses=inline_serializer("ProcessExport", {
        "process": ProcessDetailSerializer(),
        "proposals": ProposalSerializer(many=True),
        "answers": ProposalAnswerSerializer(many=True),
        "commitments": CommitmentSerializer(many=True),
        "recommendations": RecommendationSerializer(many=True),
        "referrals": ReferralSerializer(many=True),
    }),
)
class ProcessExportJson(ReadOnly, generics.GenericAPIView):
    serializer_class = serializers.Serializer
    pagination_class = None

    def get(self, request, slug):
        process = published_process(slug)
        response = Response(export_data(process, request))
        response["Content-Disposition"] = f'attachment; filename="{process.slug}.json"'
        return response


class _ProcessExportCsv(ReadOnly, generics.GenericAPIView):
    kind = ""
    renderer_classes = (renderers.JSONRenderer, CsvRenderer)
    serializer_class = serializers.Serializer
    pagination_class = None

    def get(self, request, slug):
        process = published_process(slug)
        rows = export_data(process, request)[self.kind]
        response = HttpResponse(_csv(rows, COLUMNS[self.kind]),
                                content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="{process.slug}-{self.kind}.csv"'
        )
        return response


def _csv_schema(kind: str):
    return extend_schema(
        summary=f"A process's {kind} as CSV", tags=["open data"],
        description="Columns: " + ", ".join(COLUMNS[kind]) + ". Cells a spreadsheet would "
        "read as a formula start with an apostrophe.",
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR)},
    )


@_csv_schema("proposals")
class ProposalsCsv(_ProcessExportCsv):
    kind = "proposals"


@_csv_schema("answers")
class AnswersCsv(_ProcessExportCsv):
    kind = "answers"


@_csv_schema("commitments")
class CommitmentsCsv(_ProcessExportCsv):
    kind = "commitments"


@_csv_schema("recommendations")
class RecommendationsCsv(_ProcessExportCsv):
    kind = "recommendations"


@_csv_schema("referrals")
class ReferralsCsv(_ProcessExportCsv):
    kind = "referrals"
