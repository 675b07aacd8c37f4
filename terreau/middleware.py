from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _


class RejectNullCharactersMiddleware:
    """Answer 400 to a query string or form carrying a NUL character.

    No person types one; PostgreSQL refuses them in text parameters, so one
    reaching the ORM through a raw `request.GET` value would end in a 500.
    Django's form fields already refuse them; this covers every other read.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.META.get("QUERY_STRING", "") or "%00" in request.META.get(
            "QUERY_STRING", ""
        ):
            raise BadRequest(_("The address contains a character that is not allowed."))
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            for values in request.POST.lists():
                if any("\x00" in v for v in values[1]):
                    raise BadRequest(_("The form contains a character that is not allowed."))
        return self.get_response(request)
