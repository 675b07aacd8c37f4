"""What `topics` holds about a person (see accounts/personal_data.py): the
channels they proposed to a community's gardeners. A proposal is between
its author and the pair: it goes with the account (a channel it opened
stays, as the community's)."""

from django.utils.translation import gettext_lazy as _

from accounts import personal_data

from .models import TopicProposal


def export(person) -> dict:
    return {"topic_proposals": [
        {"community": p.community.name, "name": p.name, "description": p.description,
         "status": p.get_status_display(), "answer": p.answer, "at": p.created_at.isoformat()}
        for p in TopicProposal.objects.filter(author=person).select_related("community")
        .order_by("created_at", "pk")
    ]}


def erase(person) -> None:
    TopicProposal.objects.filter(author=person).delete()


def register() -> None:
    personal_data.register(personal_data.Holder(
        key="topics",
        title=_("Proposed channels"),
        export=export,
        erase=erase,
        covers=("topics.TopicProposal.author",),
        acts=("topics.TopicProposal.decided_by",),
        processings=(personal_data.Processing(
            name=_("Channel proposals"),
            data=_("The channels you propose to a community's gardeners, and their answer."),
            purpose=_("Let members ask for a new discussion channel."),
            legal_basis=personal_data.PUBLIC_TASK,
            retention=_("As long as your account; erased with it."),
        ),),
    ))
