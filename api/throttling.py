"""Rate limits of the API, counted in the project's cache (Redis in
production, so every server process shares the counters).

Anonymous clients are counted per address (REMOTE_ADDR: `NUM_PROXIES = 0`,
so a client's own X-Forwarded-For header is ignored), signed-in people per
account. The rates come from the settings (API_THROTTLE_RATES, read from
the environment) at each request, not once at import.
"""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class AnonymousRate(AnonRateThrottle):
    scope = "anonymous"

    def get_rate(self):
        return settings.API_THROTTLE_RATES[self.scope]


class AccountRate(UserRateThrottle):
    """Signed-in people only: anonymous requests are AnonymousRate's."""

    scope = "account"

    def get_rate(self):
        return settings.API_THROTTLE_RATES[self.scope]

    def get_cache_key(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


THROTTLES = (AnonymousRate, AccountRate)
