"""What `workgroups` holds about a person (see accounts/personal_data.py)."""

from django.utils.translation import gettext_lazy as _

from accounts import personal_data

from .models import GroupMember, JoinRequest


def export(person) -> dict:
    members = GroupMember.objects.filter(user=person).select_related("group").order_by("pk")
    requests = JoinRequest.objects.filter(user=person).select_related("group").order_by("pk")
    return {
        "working_groups": [
            {
                "group": m.group.name,
                "joined_at": m.joined_at.isoformat(),
                "left_at": m.ended_at.isoformat() if m.ended_at else None,
            }
            for m in members
        ],
        "join_requests": [
            {
                "group": r.group.name,
                "message": r.message,
                "status": r.get_status_display(),
                "answer": r.answer,
                "asked_at": r.created_at.isoformat(),
            }
            for r in requests
        ],
    }


def erase(person) -> None:
    JoinRequest.objects.filter(user=person).delete()
    GroupMember.objects.filter(user=person).delete()


def register() -> None:
    personal_data.register(
        personal_data.Holder(
            key="workgroups",
            title=_("Working groups"),
            export=export,
            erase=erase,
            covers=(
                "workgroups.GroupMember.user", "workgroups.JoinRequest.user",
            ),
            acts=(
                "workgroups.WorkingGroup.created_by", "workgroups.GroupMember.added_by",
                "workgroups.JoinRequest.decided_by", "workgroups.Decision.recorded_by",
            ),
            processings=(
                personal_data.Processing(
                    name=_("Working groups"),
                    data=_("The groups you belong to and your requests to join."),
                    purpose=_("Organise the engaged circle's working groups."),
                    legal_basis=personal_data.PUBLIC_TASK,
                    retention=_("As long as your account exists; erased with it."),
                ),
            ),
        )
    )
