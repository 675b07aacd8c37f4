"""What `needs` holds about a person (see accounts/personal_data.py)."""

from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _

from accounts import personal_data

from .models import Connection, Need, Step, Support


def export(person) -> dict:
    needs = (
        Need.objects.filter(author=person)
        .select_related("community")
        .prefetch_related(Prefetch("steps", queryset=Step.objects.order_by("at", "pk")))
        .order_by("created_at", "pk")
    )
    supports = Support.objects.filter(user=person).select_related("need").order_by("created_at")
    return {
        "needs": [
            {
                "community": n.community.name,
                "kind": n.get_kind_display(),
                "title": n.title,
                "description": n.description,
                "visibility": n.get_visibility_display(),
                "status": n.get_status_display(),
                "contact_consent": n.contact_consent,
                "submitted_at": n.created_at.isoformat(),
                "answers": [
                    {
                        "from": s.get_from_status_display(),
                        "to": s.get_to_status_display(),
                        "answer": s.answer,
                        "at": s.at.isoformat(),
                    }
                    for s in n.steps.all()
                ],
            }
            for n in needs
        ],
        "supports": [
            {
                "need": s.need.title,
                "kind": s.get_kind_display(),
                "message": s.message,
                "contact_consent": s.contact_consent,
                "at": s.created_at.isoformat(),
            }
            for s in supports
        ],
        "connections": [
            {
                "need": c.need.title,
                "with": str(c.second if c.first_id == person.pk else c.first),
                "note": c.note,
                "at": c.at.isoformat(),
            }
            for c in Connection.objects.filter(Q(first=person) | Q(second=person))
            .select_related("need", "first", "second").order_by("at", "pk")
        ],
        "consents": [
            {"what": str(_("Contact about “%(need)s”")) % {"need": s.need.title},
             "at": s.created_at.isoformat()}
            for s in supports
            if s.contact_consent
        ],
    }


def erase(person) -> None:
    """Needs keep their text and the gardeners' answers, signed "former
    member"; the person's supports and the connections made with them go."""
    Need.objects.filter(author=person).update(author=personal_data.former_member())
    Connection.objects.filter(Q(first=person) | Q(second=person)).delete()
    Support.objects.filter(user=person).delete()


def register() -> None:
    personal_data.register(
        personal_data.Holder(
            key="needs",
            title=_("Needs and proposals"),
            export=export,
            erase=erase,
            covers=(
                "needs.Need.author", "needs.Support.user", "needs.Connection.first",
                "needs.Connection.second",
            ),
            acts=(
                "needs.Step.by", "needs.Connection.by", "needs.Relay.relayed_by",
                "needs.Relay.answer_recorded_by",
            ),
            processings=(
                personal_data.Processing(
                    name=_("Needs and synergy proposals"),
                    data=_(
                        "The needs and proposals you submit, your “me too” and “I can help”, "
                        "and your consent to be put in touch."
                    ),
                    purpose=_(
                        "Let the gardeners answer each need in writing and connect the "
                        "people who can help each other."
                    ),
                    legal_basis=personal_data.PUBLIC_TASK,
                    retention=_(
                        "Needs and their answers stay, signed “former member” once your "
                        "account is erased; your support and connections are erased with it."
                    ),
                ),
            ),
        )
    )
