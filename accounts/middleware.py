from types import SimpleNamespace

from django.utils import translation


class PreferredLanguageMiddleware:
    """A signed-in person sees the site in the language saved in their profile.

    Runs after LocaleMiddleware (cookie, then Accept-Language, then French) and
    after authentication; the language switcher updates the profile, so the
    choice follows the person from one device to the next.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.preferred_language:
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


def language_of_scope(scope: dict) -> str:
    """The language a WebSocket speaks to its person: the same rule as a page.

    Their profile's language if they are signed in and chose one; otherwise
    what Django's LocaleMiddleware reads from a request (the language cookie,
    then Accept-Language, then LANGUAGE_CODE), read from the handshake.
    """
    user = scope.get("user")
    user = getattr(user, "_wrapped", user)
    if user is not None and getattr(user, "is_authenticated", False) and user.preferred_language:
        return user.preferred_language
    headers = dict(scope.get("headers") or ())
    handshake = SimpleNamespace(
        COOKIES=scope.get("cookies") or {},
        META={"HTTP_ACCEPT_LANGUAGE": headers.get(b"accept-language", b"").decode("latin-1")},
    )
    return translation.get_language_from_request(handshake)
