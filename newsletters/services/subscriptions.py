"""A member's agreement to receive a community's letters, and its withdrawal."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import consents
from accounts.models import Consent, User
from communities.models import Community, Membership

from .. import tokens
from ..models import Subscription


def subscription_set(
    *, user, community: Community, subscribed: bool, source: str = Subscription.Source.PROFILE
) -> Subscription:
    """Agree to receive the community's letters, or stop.

    Agreeing needs a membership (the letters go to circles); stopping never
    does, so that a former member's unsubscribe link still works.
    """
    if source not in Subscription.Source.values:
        raise ValidationError(_("Unknown origin of the choice."), code="bad_source")
    if subscribed and not Membership.objects.filter(community=community, user=user).exists():
        raise ValidationError(
            _("Join %(community)s to receive its letters.") % {"community": community},
            code="not_member",
        )
    with transaction.atomic():
        subscription, created = Subscription.objects.select_for_update().get_or_create(
            user=user, community=community,
            defaults={"subscribed": subscribed, "source": source,
                      "consented_at": timezone.now() if subscribed else None},
        )
        if not created and subscription.subscribed != subscribed:
            subscription.subscribed = subscribed
            subscription.source = source
            if subscribed:
                subscription.consented_at = timezone.now()
            subscription.save()
        # The consent's own record: date and version of the text (accounts/consents.py).
        if subscribed:
            consents.consent_give(user=user, purpose=Consent.Purpose.LETTERS, about=community)
        else:
            consents.consent_withdraw(user=user, purpose=Consent.Purpose.LETTERS, about=community)
        return subscription


def subscription_unsubscribe_by_token(*, token: str) -> Subscription:
    """The one-click unsubscribe (RFC 8058): no login, idempotent."""
    user_id, community_id = tokens.read(token)
    user = User.objects.filter(pk=user_id).first()
    community = Community.objects.filter(pk=community_id).first()
    if user is None or community is None:
        raise ValidationError(
            _("This unsubscribe link is not valid any more: the account or the community "
              "no longer exists."),
            code="gone",
        )
    return subscription_set(user=user, community=community, subscribed=False,
                            source=Subscription.Source.UNSUBSCRIBE_LINK)
