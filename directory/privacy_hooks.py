"""What `directory` holds about a person (see accounts/personal_data.py)."""

from django.utils.translation import gettext_lazy as _

from accounts import personal_data

from .models import DirectoryEntry


def export(person) -> dict:
    entries = DirectoryEntry.objects.filter(user=person).select_related("community")
    listed = [
        {
            "community": e.community.name,
            "territory": e.territory,
            "latitude": str(e.latitude) if e.latitude is not None else None,
            "longitude": str(e.longitude) if e.longitude is not None else None,
            "show_email": e.show_email,
            "listed_at": e.listed_at.isoformat(),
        }
        for e in entries.order_by("community__name")
    ]
    # The consents themselves, dated and versioned, are the accounts app's.
    return {"directory_entries": listed}


def erase(person) -> None:
    DirectoryEntry.objects.filter(user=person).delete()


def register() -> None:
    personal_data.register(
        personal_data.Holder(
            key="directory",
            title=_("Actor directory"),
            export=export,
            erase=erase,
            covers=(
                "directory.DirectoryEntry.user",
            ),
            processings=(
                personal_data.Processing(
                    name=_("Actor directory and map"),
                    data=_(
                        "Your listing in a community's directory: territory, a location "
                        "rounded to about 100 m if you give one, whether your address is shown."
                    ),
                    purpose=_("Let the members of a community find each other."),
                    legal_basis=personal_data.CONSENT,
                    retention=_("Until you leave the directory; erased with your account."),
                ),
            ),
        )
    )
