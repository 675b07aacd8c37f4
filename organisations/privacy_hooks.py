"""What `organisations` holds about a person (see accounts/personal_data.py):
their memberships. The organisations themselves are legal persons."""

from django.utils.translation import gettext_lazy as _

from accounts import personal_data

from .models import OrganisationMember


def export(person) -> dict:
    return {"organisations": [
        {"organisation": m.organisation.name, "role": m.get_role_display(),
         "joined_at": m.joined_at.isoformat()}
        for m in OrganisationMember.objects.filter(user=person).select_related("organisation")
    ]}


def erase(person) -> None:
    OrganisationMember.objects.filter(user=person).delete()


def register() -> None:
    personal_data.register(personal_data.Holder(
        key="organisations", title=_("Organisations"), export=export, erase=erase,
        covers=(
            "organisations.OrganisationMember.user",
        ),
        acts=(
            "organisations.Organisation.verified_by",
        ),
        processings=(personal_data.Processing(
            name=_("Membership of organisations"),
            data=_("The organisations you belong to and your role in each."),
            purpose=_("Let an organisation's members apply to calls for projects in its name."),
            legal_basis=personal_data.PUBLIC_TASK,
            retention=_("As long as you are a member; erased with your account."),
        ),),
    ))
