from django.utils.functional import SimpleLazyObject

from .selectors import unread_count_for_request


def notifications(request):
    """`notifications_unread` for the header's bell: one COUNT, only if a
    template shows it, at most once per request."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notifications_unread": SimpleLazyObject(lambda: unread_count_for_request(request))}
