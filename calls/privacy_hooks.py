"""What `calls` holds about a person (see accounts/personal_data.py): the
scores and comments they wrote as a reviewer. Applications belong to their
organisations and stay; a reviewer's scores stay, signed "former member"."""

from django.utils.translation import gettext_lazy as _

from accounts import personal_data

from .models import Assignment, Score


def export(person) -> dict:
    return {"scores": [
        {"application": s.application.title, "criterion": s.criterion.title, "score": s.value,
         "comment": s.comment, "at": s.scored_at.isoformat()}
        for s in Score.objects.filter(reviewer=person).select_related("application", "criterion")
    ]}


def erase(person) -> None:
    former = personal_data.former_member()
    Score.objects.filter(reviewer=person).update(reviewer=former)
    Assignment.objects.filter(reviewer=person).update(reviewer=former)


def register() -> None:
    personal_data.register(personal_data.Holder(
        key="calls", title=_("Calls for projects"), export=export, erase=erase,
        processings=(personal_data.Processing(
            name=_("Review of applications to calls for projects"),
            data=_("The scores and comments you give as a funder's reviewer."),
            purpose=_("A joint, traceable review of the applications."),
            legal_basis=personal_data.PUBLIC_TASK,
            retention=_("With the call's records; signed “former member” once your account "
                        "is erased."),
        ),),
    ))
