"""What the API shows of citizen dialogue processes: the mandate, phases,
proposals with their support counts, answers and commitments. People appear
by their public display name only; hidden proposals never appear."""

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from processes.accountability import is_overdue
from processes.models import Answer, Commitment, Phase  # why: their choices only

from .serializers import CommunityRefSerializer, absolute


def _phase_kind(phase) -> str | None:
    return phase.kind if phase is not None else None


class PhaseSerializer(serializers.Serializer):
    position = serializers.IntegerField(read_only=True)
    kind = serializers.ChoiceField(choices=Phase.Kind.choices, read_only=True)
    starts_at = serializers.DateTimeField(read_only=True)
    ends_at = serializers.DateTimeField(read_only=True)
    text = serializers.CharField(read_only=True)


class ProcessSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    title = serializers.CharField(read_only=True)
    summary = serializers.CharField(read_only=True)
    territory = serializers.CharField(read_only=True)
    direction = serializers.CharField(source="direction.name", read_only=True)
    community = CommunityRefSerializer(
        read_only=True, allow_null=True, help_text="The community most concerned, if any."
    )
    published_at = serializers.DateTimeField(read_only=True)
    current_phase = serializers.SerializerMethodField(
        help_text="The kind of the phase under way, or null between phases."
    )
    phases = PhaseSerializer(many=True, read_only=True, source="phases.all")
    url = serializers.SerializerMethodField(help_text="The process's page on the site.")
    links = serializers.SerializerMethodField(help_text="Its lists, exports and feeds.")

    @extend_schema_field(
        serializers.ChoiceField(choices=Phase.Kind.choices, allow_null=True)
    )
    def get_current_phase(self, process) -> str | None:
        return _phase_kind(getattr(process, "current", None))

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, process) -> str:
        return absolute(self.context.get("request"), process.get_absolute_url())

    @extend_schema_field(
        serializers.DictField(child=serializers.URLField(), help_text="name → address")
    )
    def get_links(self, process) -> dict[str, str]:
        request = self.context.get("request")
        names = {
            "phases": "process-phases", "proposals": "process-proposals",
            "answers": "process-answers", "commitments": "process-commitments",
            "recommendations": "process-recommendations",
            "export_recommendations_csv": "process-export-recommendations",
            "referrals": "process-referrals",
            "export_referrals_csv": "process-export-referrals",
            "export_json": "process-export-json",
            "export_proposals_csv": "process-export-proposals",
            "export_answers_csv": "process-export-answers",
            "export_commitments_csv": "process-export-commitments",
            "feed_rss": "process-feed-rss", "feed_atom": "process-feed-atom",
        }
        return {
            key: absolute(request, reverse(f"api:{name}", kwargs={"slug": process.slug}))
            for key, name in names.items()
        }


class MandateSerializer(serializers.Serializer):
    open_to_debate = serializers.CharField(read_only=True)
    not_open_to_debate = serializers.CharField(read_only=True)
    decision_maker = serializers.CharField(read_only=True)
    elected_official = serializers.CharField(read_only=True)
    contributions_use = serializers.CharField(read_only=True)
    answer_due_on = serializers.DateField(read_only=True)
    support_threshold = serializers.IntegerField(read_only=True)
    categories = serializers.ListField(
        child=serializers.CharField(), source="category_list", read_only=True
    )


class AnswerCountersSerializer(serializers.Serializer):
    owed = serializers.IntegerField(read_only=True, help_text="Proposals owed an argued answer.")
    answered = serializers.IntegerField(read_only=True)
    overdue = serializers.IntegerField(
        read_only=True, help_text="Owed answers not given by the date, or given after it."
    )


class ProcessDetailSerializer(ProcessSerializer):
    mandate = MandateSerializer(source="*", read_only=True, help_text="The rules of the game.")
    answers = serializers.SerializerMethodField()

    @extend_schema_field(AnswerCountersSerializer)
    def get_answers(self, process) -> dict:
        counters = self.context["counters"]
        return AnswerCountersSerializer(counters).data


class AnswerSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Answer.Status.choices, read_only=True)
    reason = serializers.CharField(read_only=True)
    answered_at = serializers.DateTimeField(read_only=True)


class WorkshopEventSerializer(serializers.Serializer):
    """A workshop's event: public facts only."""

    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    starts_at = serializers.DateTimeField(read_only=True)


class ProposalSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    text = serializers.CharField(read_only=True)
    category = serializers.CharField(read_only=True)
    source = serializers.SerializerMethodField(
        help_text="Where a workshop contribution comes from; null for one posted online."
    )
    author = serializers.SerializerMethodField(
        help_text="The author's public display name; null for a workshop contribution."
    )
    workshop = serializers.SerializerMethodField(
        help_text="The workshop (an event) a contribution was entered from; null otherwise."
    )
    participants = serializers.IntegerField(
        read_only=True, allow_null=True,
        help_text="How many took part in the workshop it comes from; null otherwise.",
    )
    created_at = serializers.DateTimeField(read_only=True)
    support_count = serializers.IntegerField(read_only=True)
    comment_count = serializers.IntegerField(read_only=True)
    answer = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_source(self, proposal) -> str | None:
        return proposal.source_label or None

    @extend_schema_field(WorkshopEventSerializer(allow_null=True))
    def get_workshop(self, proposal) -> dict | None:
        if proposal.workshop_event_id is None:
            return None
        return WorkshopEventSerializer(proposal.workshop_event).data

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_author(self, proposal) -> str | None:
        if proposal.source_label or proposal.author_id is None:
            return None
        return proposal.author.display_name or None

    @extend_schema_field(AnswerSerializer(allow_null=True))
    def get_answer(self, proposal) -> dict | None:
        answer = proposal.answer_or_none
        return AnswerSerializer(answer).data if answer is not None else None

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, proposal) -> str:
        path = reverse("processes:proposal", kwargs={"slug": self.context["process"].slug,
                                                     "pk": proposal.pk})
        return absolute(self.context.get("request"), path)


class ProposalAnswerSerializer(AnswerSerializer):
    proposal_id = serializers.IntegerField(source="proposal.id", read_only=True)
    proposal_title = serializers.CharField(source="proposal.title", read_only=True)
    late = serializers.SerializerMethodField(help_text="Given after the commitment date.")

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_late(self, answer) -> bool:
        return answer.is_late(self.context["process"].answer_due_on)


class ProposalRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)


class CommitmentSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    status = serializers.ChoiceField(choices=Commitment.Status.choices, read_only=True)
    progress = serializers.IntegerField(read_only=True, min_value=0, max_value=100,
                                        help_text="Per cent done.")
    due_on = serializers.DateField(read_only=True, allow_null=True)
    note = serializers.CharField(read_only=True, help_text="Where it stands.")
    updated_at = serializers.DateTimeField(read_only=True)
    proposal = ProposalRefSerializer(read_only=True, allow_null=True,
                                     help_text="The proposal it answers, if any.")


class RecommendationAnswerSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Answer.Status.choices, read_only=True,
                                     source="answer_status")
    reason = serializers.CharField(read_only=True, source="answer_reason")
    answered_at = serializers.DateTimeField(read_only=True)


class RecommendationSerializer(serializers.Serializer):
    """A recommendation of the published citizen opinion and the
    decision-maker's argued answer to it."""

    id = serializers.IntegerField(read_only=True)
    position = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    text = serializers.CharField(read_only=True)
    author = serializers.CharField(read_only=True, source="author_name",
                                   help_text="The panel member's public display name.")
    proposals = ProposalRefSerializer(many=True, read_only=True, source="proposals.all",
                                      help_text="The contributions it draws on.")
    answer = serializers.SerializerMethodField()
    late = serializers.SerializerMethodField(
        help_text="Answered after the commitment date; null while unanswered.")
    url = serializers.SerializerMethodField(help_text="The opinion's page on the site.")

    @extend_schema_field(RecommendationAnswerSerializer(allow_null=True))
    def get_answer(self, recommendation) -> dict | None:
        if not recommendation.answered_at:
            return None
        return RecommendationAnswerSerializer(recommendation).data

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_late(self, recommendation) -> bool | None:
        if not recommendation.answered_at:
            return None
        return timezone.localdate(recommendation.answered_at) > \
            self.context["process"].answer_due_on

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, recommendation) -> str:
        path = reverse("processes:opinion", kwargs={"slug": self.context["process"].slug})
        return absolute(self.context.get("request"), f"{path}#recommendation-{recommendation.pk}")


class ReferralAnswerSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Answer.Status.choices, read_only=True)
    reason = serializers.CharField(read_only=True)
    answered_at = serializers.DateTimeField(read_only=True)


REFERRAL_SOURCES = [("need", "need"), ("result", "result")]


class ReferralSerializer(serializers.Serializer):
    """A need or a working group's result that a community referred to the
    process, and the process's argued answer to it. What the community keeps
    to itself stays there: a working group's result is named by its group,
    and a need kept for the community's gardeners (or hidden) has neither
    title nor message here."""

    id = serializers.IntegerField(read_only=True)
    community = CommunityRefSerializer(read_only=True,
                                       help_text="The community that referred it.")
    source = serializers.SerializerMethodField(
        help_text="A community's need, or a working group's result.")
    title = serializers.CharField(
        read_only=True, allow_null=True, source="public_title",
        help_text="The need's title; null for a working group's result, or for a need the "
                  "community keeps to its gardeners.")
    working_group = serializers.SerializerMethodField(
        help_text="The working group whose result it is; null for a need.")
    message = serializers.CharField(
        read_only=True, allow_null=True, source="public_message",
        help_text="What the community asks of the process; null for a need the community "
                  "keeps to its gardeners.")
    referred_at = serializers.DateTimeField(read_only=True)
    referred_by = serializers.SerializerMethodField(
        help_text="The region gardener's public display name, if known.")
    due_on = serializers.SerializerMethodField(
        help_text="The answer is due by this date (the process's commitment date).")
    answer = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField(
        help_text="Not answered by the due date, or answered after it.")
    url = serializers.SerializerMethodField(help_text="The referral on the process's page.")

    @extend_schema_field(serializers.ChoiceField(choices=REFERRAL_SOURCES))
    def get_source(self, referral) -> str:
        return "need" if referral.need_id else "result"

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_working_group(self, referral) -> str | None:
        return referral.decision.group.name if referral.decision_id else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_referred_by(self, referral) -> str | None:
        if referral.referred_by_id is None:
            return None
        return referral.referred_by.display_name or None

    @extend_schema_field(OpenApiTypes.DATE)
    def get_due_on(self, referral):
        return self.context["process"].answer_due_on.isoformat()

    @extend_schema_field(ReferralAnswerSerializer(allow_null=True))
    def get_answer(self, referral) -> dict | None:
        if referral.answered_at is None:
            return None
        return ReferralAnswerSerializer(referral).data

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_overdue(self, referral) -> bool:
        return is_overdue(answered_at=referral.answered_at,
                          due_on=self.context["process"].answer_due_on,
                          today=timezone.localdate())

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, referral) -> str:
        path = self.context["process"].get_absolute_url()
        return absolute(self.context.get("request"), f"{path}#referral-{referral.pk}")
