"""E-mails about memberships: every request gets an answer ("droit de suite")."""

from django.urls import reverse

from terreau.emails import Email, Receiver


class CircleRequestReceivedEmail(Email):
    """Tell the community's gardeners a member asks to move inward."""

    model = "communities.CircleRequest"
    template_base = "communities/emails/request_received"

    def get_receivers(self):
        from gardeners.models import GardenerPair

        pair = (
            GardenerPair.objects.filter(community=self.object.community, ended_at__isnull=True)
            .select_related("territory_gardener", "institution_gardener")
            .first()
        )
        if pair is None:
            return []
        gardeners = (pair.territory_gardener, pair.institution_gardener)
        return [Receiver.from_user(g) for g in gardeners if g is not None]

    def get_context(self, receiver):
        return {
            "request": self.object,
            "url": reverse("communities:requests", kwargs={"slug": self.object.community.slug}),
        }


class CircleRequestDecidedEmail(Email):
    """Tell the member what became of their request, with the gardener's answer."""

    model = "communities.CircleRequest"
    template_base = "communities/emails/request_decided"

    def get_receivers(self):
        return [Receiver.from_user(self.object.user)]

    def get_context(self, receiver):
        return {
            "request": self.object,
            "url": reverse("communities:detail", kwargs={"slug": self.object.community.slug}),
        }
