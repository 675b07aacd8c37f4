"""What `processes` holds about a person (see accounts/personal_data.py): the
contributions, comments and supports they gave a citizen dialogue, the
recommendations they drafted on its panel, and their roles in it (lead of a
direction's processes, panel member, workshop facilitator).

A contribution, a comment and a recommendation are part of the process's
public record, which the argued answer and the follow-up refer to: they stay,
signed "a former member" (the author is set to null, and a recommendation's
stored signature is replaced). Supports and roles go with the account."""

from django.utils.translation import gettext_lazy as _

from accounts import personal_data

from .models import (
    Comment,
    Facilitator,
    PanelMember,
    ProcessLead,
    Proposal,
    Recommendation,
    Support,
)


def _when(value):
    return value.isoformat() if value else None


def export(person) -> dict:
    return {
        "contributions": [
            {"process": p.process.title, "title": p.title, "text": p.text,
             "category": p.category, "latitude": p.latitude, "longitude": p.longitude,
             "at": _when(p.created_at), "hidden_at": _when(p.hidden_at)}
            for p in Proposal.objects.filter(author=person).select_related("process")
            .order_by("created_at", "pk")
        ],
        "comments": [
            {"contribution": c.proposal.title, "text": c.text, "at": _when(c.created_at)}
            for c in Comment.objects.filter(author=person).select_related("proposal")
            .order_by("created_at", "pk")
        ],
        "supports": [
            {"contribution": s.proposal.title, "at": _when(s.created_at)}
            for s in Support.objects.filter(person=person).select_related("proposal")
            .order_by("created_at", "pk")
        ],
        "recommendations": [
            {"process": r.opinion.process.title, "title": r.title, "text": r.text,
             "signed": r.author_name, "state": r.get_state_display(),
             "at": _when(r.created_at)}
            for r in Recommendation.objects.filter(author=person)
            .select_related("opinion__process").order_by("created_at", "pk")
        ],
        "roles": [
            *({"role": str(_("process lead")), "for": str(lead.direction),
               "since": _when(lead.granted_at)}
              for lead in ProcessLead.objects.filter(person=person).select_related("direction")),
            *({"role": str(_("panel member")), "for": member.opinion.process.title,
               "since": _when(member.named_at)}
              for member in PanelMember.objects.filter(person=person)
              .select_related("opinion__process")),
            *({"role": str(_("facilitator")), "for": facilitator.process.title,
               "since": _when(facilitator.granted_at)}
              for facilitator in Facilitator.objects.filter(person=person)
              .select_related("process")),
        ],
    }


def erase(person) -> None:
    Proposal.objects.filter(author=person).update(author=None)
    Comment.objects.filter(author=person).update(author=None)
    Recommendation.objects.filter(author=person).update(
        author=None, author_name=personal_data.former_member_label()
    )
    Support.objects.filter(person=person).delete()
    ProcessLead.objects.filter(person=person).delete()
    PanelMember.objects.filter(person=person).delete()
    Facilitator.objects.filter(person=person).delete()


def register() -> None:
    personal_data.register(personal_data.Holder(
        key="processes",
        title=_("Citizen dialogue processes"),
        export=export,
        erase=erase,
        covers=(
            "processes.Proposal.author", "processes.Comment.author",
            "processes.Support.person", "processes.Recommendation.author",
            "processes.ProcessLead.person", "processes.PanelMember.person",
            "processes.Facilitator.person",
        ),
        acts=(
            "processes.Process.created_by", "processes.ProcessLead.granted_by",
            "processes.Proposal.entered_by", "processes.Proposal.hidden_by",
            "processes.Answer.answered_by", "processes.Opinion.published_by",
            "processes.PanelMember.named_by", "processes.Recommendation.decided_by",
            "processes.Recommendation.answered_by", "processes.ProcessDocument.published_by",
            "processes.Referral.referred_by", "processes.Referral.answered_by",
            "processes.Facilitator.granted_by", "processes.Workshop.linked_by",
        ),
        processings=(personal_data.Processing(
            name=_("Contributions to citizen dialogues"),
            data=_(
                "Your contributions (with their place on the map if you gave one), "
                "comments, supports and the recommendations you drafted on a panel; "
                "your roles as a process lead, panel member or workshop facilitator."
            ),
            purpose=_(
                "Gather the public's contributions, give each an argued answer and "
                "follow what becomes of them."
            ),
            legal_basis=personal_data.PUBLIC_TASK,
            retention=_(
                "Contributions, comments and recommendations stay in the process's public "
                "record; when your account is erased they are signed “former member”. "
                "Supports and roles are erased with the account."
            ),
        ),),
    ))
