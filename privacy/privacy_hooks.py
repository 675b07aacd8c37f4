"""What the ground floor holds about a person: the local outbox's e-mails.

terreau/ knows no domain app, so its part is registered from here.
"""

import email
import email.policy
from email.utils import getaddresses
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts import personal_data


def _addresses(person) -> set[str]:
    addresses = {person.email.lower()}
    addresses.update(
        a.lower() for a in EmailAddress.objects.filter(user=person).values_list("email", flat=True)
    )
    return addresses


def outbox_files_to(addresses: set[str]) -> list[Path]:
    """The local outbox's messages with one of `addresses` among their receivers."""
    directory = Path(settings.OUTBOX_DIR)
    if not directory.is_dir():
        return []
    found = []
    for path in directory.glob("*.eml"):
        with path.open("rb") as handle:
            message = email.message_from_binary_file(handle, policy=email.policy.compat32)
        receivers = getaddresses(message.get_all("To", []) + message.get_all("Cc", []))
        if any(address.lower() in addresses for _name, address in receivers):
            found.append(path)
    return found


def export(person) -> dict:
    return {}


def erase(person) -> None:
    """Delete the outbox's copies of the e-mails sent to the person."""
    for path in outbox_files_to(_addresses(person)):
        path.unlink(missing_ok=True)


def register() -> None:
    personal_data.register(
        personal_data.Holder(
            key="emails",
            title=_("E-mails"),
            export=export,
            erase=erase,
            processings=(
                personal_data.Processing(
                    name=_("Service e-mails"),
                    data=_("Your address and the messages the site sends you."),
                    purpose=_(
                        "Confirm your address, reset your password, confirm registrations "
                        "and tell you what you asked to be told."
                    ),
                    legal_basis=personal_data.PUBLIC_TASK,
                    retention=_(
                        "Not kept by the site once handed to the mail server; a local copy "
                        "(outbox, development and tests only) is deleted with your account."
                    ),
                ),
            ),
        )
    )
