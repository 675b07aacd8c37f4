"""The endpoints of /api/v1/processes/: published citizen dialogue processes,
their phases, proposals (visible ones, with support counts), answers and
commitments, read through processes.selectors.

The selectors return lists (a process has tens or hundreds of proposals, not
millions), so the filters here are applied to those lists in Python, their
values checked by a form (a wrong value is a 400 naming it).
"""

from django import forms
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.response import Response

from processes import opinion_selectors
from processes import selectors as processes
from processes.models import Answer, Commitment, Phase, Process  # why: choices, DoesNotExist

from .base import ReadOnlyList, ReadOnlyViewSet, query_of
from .filters import UtcDateTimeField
from .process_serializers import (
    CommitmentSerializer,
    PhaseSerializer,
    ProcessDetailSerializer,
    ProcessSerializer,
    ProposalAnswerSerializer,
    ProposalSerializer,
    RecommendationSerializer,
    ReferralSerializer,
)

NO_PHASE = "none"


def published_process(slug: str) -> Process:
    """The published process of the address, or 404 (drafts are not public)."""
    try:
        process = processes.process_page(slug)
    except Process.DoesNotExist:
        raise Http404 from None
    if not process.is_published:
        raise Http404
    return process


def _choices(enum):
    return [("", "")] + list(enum.choices)


class ProcessQuery(forms.Form):
    community = forms.CharField(required=False)
    direction = forms.CharField(required=False)
    phase = forms.ChoiceField(required=False, choices=_choices(Phase.Kind) + [(NO_PHASE, "")])
    published_after = UtcDateTimeField(required=False)
    published_before = UtcDateTimeField(required=False)


def _date_range(rows, attribute, after, before):
    if after is not None:
        rows = [r for r in rows if getattr(r, attribute) and getattr(r, attribute) >= after]
    if before is not None:
        rows = [r for r in rows if getattr(r, attribute) and getattr(r, attribute) < before]
    return rows


def _param(name, type_, text, enum=None):
    return OpenApiParameter(name, type_, OpenApiParameter.QUERY, required=False,
                            description=text, enum=enum)


@extend_schema_view(
    list=extend_schema(
        summary="Citizen dialogue processes", tags=["processes"],
        parameters=[
            _param("community", OpenApiTypes.STR, "Only this community's processes (its slug)."),
            _param("direction", OpenApiTypes.STR, "Only this direction's processes (its slug)."),
            _param("phase", OpenApiTypes.STR, "Only processes whose phase under way is this "
                   "kind (`none`: between phases).", [*Phase.Kind.values, NO_PHASE]),
            _param("published_after", OpenApiTypes.DATETIME, "Published at or after (ISO 8601)."),
            _param("published_before", OpenApiTypes.DATETIME, "Published before (ISO 8601)."),
        ],
    ),
    retrieve=extend_schema(summary="A process, its mandate and where its answers stand",
                           tags=["processes"]),
)
class ProcessViewSet(ReadOnlyViewSet):
    """Published processes, newest first, with their phases and the phase under way."""

    serializer_class = ProcessSerializer
    lookup_field = "slug"
    lookup_value_converter = "slug"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema's generator
            return Process.objects.none()
        rows = processes.process_list()  # two queries
        query = query_of(self.request, ProcessQuery)
        if query["community"]:
            rows = [p for p in rows if p.community and p.community.slug == query["community"]]
        if query["direction"]:
            rows = [p for p in rows if p.direction.slug == query["direction"]]
        if query["phase"]:
            wanted = None if query["phase"] == NO_PHASE else query["phase"]
            rows = [p for p in rows if (p.current.kind if p.current else None) == wanted]
        return _date_range(rows, "published_at", query["published_after"],
                           query["published_before"])

    def retrieve(self, request, *args, **kwargs):
        process = published_process(kwargs["slug"])
        context = {**self.get_serializer_context(),
                   "counters": processes.answer_counters(process)}
        return Response(ProcessDetailSerializer(process, context=context).data)

    def get_serializer_class(self):
        return ProcessDetailSerializer if self.action == "retrieve" else ProcessSerializer


class _OfProcess(ReadOnlyList):
    """A list that belongs to the process of the address."""

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema's generator
            return Process.objects.none()
        return self.rows()

    def get_process(self) -> Process:
        if not hasattr(self, "_process"):
            self._process = published_process(self.kwargs["slug"])
        return self._process

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if "slug" in self.kwargs:
            context["process"] = self.get_process()
        return context


@extend_schema(summary="A process's phases, in order", tags=["processes"])
class PhaseList(_OfProcess):
    serializer_class = PhaseSerializer

    def rows(self):
        return list(self.get_process().phases.all())


class ProposalQuery(forms.Form):
    category = forms.CharField(required=False)
    source = forms.ChoiceField(required=False,
                               choices=[("", ""), ("online", ""), ("workshop", "")])
    answered = forms.NullBooleanField(required=False)
    created_after = UtcDateTimeField(required=False)
    created_before = UtcDateTimeField(required=False)


@extend_schema(
    summary="A process's proposals, most supported first", tags=["processes"],
    parameters=[
        _param("category", OpenApiTypes.STR, "Only this category."),
        _param("source", OpenApiTypes.STR, "Posted online, or entered from a workshop.",
               ["online", "workshop"]),
        _param("answered", OpenApiTypes.BOOL, "Only answered (true) or unanswered (false)."),
        _param("created_after", OpenApiTypes.DATETIME, "Posted at or after (ISO 8601)."),
        _param("created_before", OpenApiTypes.DATETIME, "Posted before (ISO 8601)."),
    ],
)
class ProposalList(_OfProcess):
    """Visible proposals (hidden ones never appear) with their support and
    comment counts and their argued answer; authors by display name only."""

    serializer_class = ProposalSerializer

    def rows(self):
        query = query_of(self.request, ProposalQuery)
        rows = processes.proposals_of(self.get_process(), category=query["category"])
        if query["source"]:
            workshop = query["source"] == "workshop"
            rows = [p for p in rows if bool(p.source_label) == workshop]
        if query["answered"] is not None:
            rows = [p for p in rows if (p.answer_or_none is not None) == query["answered"]]
        return _date_range(rows, "created_at", query["created_after"], query["created_before"])


class AnswerQuery(forms.Form):
    status = forms.ChoiceField(required=False, choices=_choices(Answer.Status))
    late = forms.NullBooleanField(required=False)


@extend_schema(
    summary="The argued answers of a process", tags=["processes"],
    parameters=[
        _param("status", OpenApiTypes.STR, "Only this answer.", Answer.Status.values),
        _param("late", OpenApiTypes.BOOL, "Only answers given after (true) or by (false) "
               "the commitment date."),
    ],
)
class AnswerList(_OfProcess):
    serializer_class = ProposalAnswerSerializer

    def rows(self):
        query = query_of(self.request, AnswerQuery)
        process = self.get_process()
        answers = [p.answer_or_none for p in processes.proposals_of(process)]
        answers = [a for a in answers if a is not None]
        if query["status"]:
            answers = [a for a in answers if a.status == query["status"]]
        if query["late"] is not None:
            answers = [a for a in answers if a.is_late(process.answer_due_on) == query["late"]]
        return sorted(answers, key=lambda a: (a.answered_at, a.pk))


class CommitmentQuery(forms.Form):
    status = forms.ChoiceField(required=False, choices=_choices(Commitment.Status))


@extend_schema(
    summary="What the institution committed to, and how far it got", tags=["processes"],
    parameters=[_param("status", OpenApiTypes.STR, "Only this status.",
                       Commitment.Status.values)],
)
class CommitmentList(_OfProcess):
    serializer_class = CommitmentSerializer

    def rows(self):
        query = query_of(self.request, CommitmentQuery)
        rows = processes.commitments_of(self.get_process())
        if query["status"]:
            rows = [c for c in rows if c.status == query["status"]]
        return rows


class RecommendationQuery(forms.Form):
    answered = forms.NullBooleanField(required=False)
    status = forms.ChoiceField(required=False, choices=_choices(Answer.Status))


@extend_schema(
    summary="The citizen opinion's recommendations and their argued answers",
    tags=["processes"],
    parameters=[
        _param("answered", OpenApiTypes.BOOL, "Only answered (true) or unanswered (false)."),
        _param("status", OpenApiTypes.STR, "Only this answer.", Answer.Status.values),
    ],
)
class RecommendationList(_OfProcess):
    """The recommendations of the published citizen opinion, in order, with
    the contributions each draws on and the decision-maker's answer; empty
    until the opinion is published."""

    serializer_class = RecommendationSerializer

    def rows(self):
        query = query_of(self.request, RecommendationQuery)
        rows = opinion_selectors.public_recommendations(self.get_process())
        if query["answered"] is not None:
            rows = [r for r in rows if bool(r.answered_at) == query["answered"]]
        if query["status"]:
            rows = [r for r in rows if r.answer_status == query["status"]]
        return rows


class ReferralQuery(forms.Form):
    answered = forms.NullBooleanField(required=False)
    status = forms.ChoiceField(required=False, choices=_choices(Answer.Status))
    source = forms.ChoiceField(required=False, choices=[("", ""), ("need", ""), ("result", "")])
    community = forms.CharField(required=False)


@extend_schema(
    summary="What communities referred to a process, and its argued answers",
    tags=["processes"],
    parameters=[
        _param("answered", OpenApiTypes.BOOL, "Only answered (true) or unanswered (false)."),
        _param("status", OpenApiTypes.STR, "Only this answer.", Answer.Status.values),
        _param("source", OpenApiTypes.STR, "A community's need, or a working group's result.",
               ["need", "result"]),
        _param("community", OpenApiTypes.STR, "Only this community's referrals (its slug)."),
    ],
)
class ReferralList(_OfProcess):
    """The needs and working groups' results that communities referred to the
    process, oldest first, with its argued answer, due by the commitment
    date. A need a community keeps to its gardeners has no title nor message
    here; a working group's result is named by its group."""

    serializer_class = ReferralSerializer

    def rows(self):
        query = query_of(self.request, ReferralQuery)
        rows = processes.public_referrals(self.get_process())
        if query["answered"] is not None:
            rows = [r for r in rows if (r.answered_at is not None) == query["answered"]]
        if query["status"]:
            rows = [r for r in rows if r.answered_at and r.status == query["status"]]
        if query["source"]:
            rows = [r for r in rows if bool(r.need_id) == (query["source"] == "need")]
        if query["community"]:
            rows = [r for r in rows if r.community.slug == query["community"]]
        return rows
