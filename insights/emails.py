"""The elected officials' monthly digest e-mail (insights/elected_digest.py)."""

import datetime as dt

from notifications.emails import KindEmail

from .elected_digest import digest_content


class ElectedDigestEmail(KindEmail):
    """One official's month (kwargs: month, the ISO date of its first day)."""

    model = "roles.ElectedOfficial"
    template_base = "insights/emails/elected_digest"

    def get_context(self, receiver):
        month = dt.date.fromisoformat(self.kwargs["month"])
        return {**digest_content(self.object, month), "official": self.object}
