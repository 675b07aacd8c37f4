"""What `elsewhere` holds about a person (see accounts/personal_data.py):
only who added an external tool, which the database forgets with the
account (the tool stays, as the community's)."""

from django.utils.translation import gettext_lazy as _

from accounts import personal_data


def register() -> None:
    personal_data.register(personal_data.Holder(
        key="elsewhere",
        title=_("Participate elsewhere"),
        export=lambda person: {},
        erase=lambda person: None,
        acts=("elsewhere.ExternalTool.created_by",),
    ))
