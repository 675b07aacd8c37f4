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
