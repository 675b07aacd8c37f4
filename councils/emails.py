"""The e-mails of the councils' kinds: to a candidate, who has no account."""

from django.urls import reverse

from notifications.emails import KindEmail
from terreau.emails import Receiver
from terreau.links import absolute as _absolute

from . import tokens


class _ToCandidate(KindEmail):
    model = "councils.Candidate"

    def receivers(self):
        candidate = self.object
        if candidate.withdrawn_at is not None:
            return []
        return [Receiver(email=candidate.email, name=candidate.name,
                         language=candidate.language, extra={"candidate": candidate})]

    def get_context(self, receiver):
        candidate = self.object
        return {
            "candidate": candidate,
            "council": candidate.council,
            "tagline": candidate.council.territory,
            "council_url": _absolute(candidate.council.get_absolute_url()),
            "withdraw_url": _absolute(
                reverse("councils:withdraw", kwargs={"token": tokens.make(candidate)})
            ),
        }


class VolunteeredEmail(_ToCandidate):
    template_base = "councils/emails/volunteered"


class DrawnEmail(_ToCandidate):
    template_base = "councils/emails/drawn"
