import contextvars
import re
from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.exceptions import BadRequest
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext as _

# The request being answered, for code that writes HTML without it (form
# widgets): see current_csp_nonce().
_current_request = contextvars.ContextVar("terreau_csp_request", default=None)

_SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
_DATA_SCRIPT = re.compile(r"""\btype\s*=\s*["']?application/(?:ld\+)?json\b""", re.IGNORECASE)
_TRAILING_SCRIPT_END = re.compile(r"</script>\s*$", re.IGNORECASE)


def current_csp_nonce() -> str:
    """The nonce of the response being written ("" outside a request).

    Reading it puts `'nonce-…'` into that response's Content-Security-Policy.
    """
    request = _current_request.get()
    nonce = getattr(request, "csp_nonce", None) if request is not None else None
    return str(nonce) if nonce is not None else ""


def nonce_inline_script(html):
    """Give the response's nonce to the one inline script that ends `html`.

    For third-party markup that ends with its own initialiser, such as
    `<input …><script>initDateChooser(…)</script>`. The nonce is added only
    when `html` holds exactly one executable script, a bare `<script>`, whose
    body opens and closes no other script and ends the string: a value that
    smuggled `</script><script>` into that script leaves the whole fragment
    without a nonce, so the policy blocks it. JSON data scripts are allowed
    before it. Anything else is returned unchanged.
    """
    text = str(html)
    executable = [m for m in _SCRIPT_TAG.finditer(text) if not _DATA_SCRIPT.search(m.group(1))]
    if len(executable) != 1 or executable[0].group(0) != "<script>":
        return html
    body = text[executable[0].end():]
    if body.lower().count("</script") != 1 or not _TRAILING_SCRIPT_END.search(body):
        return html
    nonce = current_csp_nonce()
    if not nonce:
        return html
    start = executable[0].start()
    nonced = f'{text[:start]}<script nonce="{nonce}">{body}'
    return mark_safe(nonced) if isinstance(html, SafeData) else nonced  # noqa: S308


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


class SecurityHeadersMiddleware(CSPMiddleware):
    """Content-Security-Policy (django-csp) with per-area relaxations, and
    Permissions-Policy.

    The site itself runs no inline script and no inline style: its policy
    (CONTENT_SECURITY_POLICY) allows scripts and styles from the site only.
    The Wagtail admin still writes a few inline scripts (inline panels, date
    widgets) and style attributes, and the Django admin style attributes:
    under their URL prefixes, CSP_RELAXATIONS replaces those directives.
    docs/security.md says what each relaxation costs.
    """

    def process_request(self, request):
        super().process_request(request)
        request._csp_context_token = _current_request.set(request)

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        images = ["'self'", "data:"]
        tiles = urlsplit(getattr(settings, "MAP_TILES_URL", "") or "")
        if tiles.scheme and tiles.netloc:  # the directory map's background
            images.append(f"{tiles.scheme}://{tiles.netloc}")
        directives = {"img-src": images}
        for prefix, relaxed in getattr(settings, "CSP_RELAXATIONS", {}).items():
            if request.path_info.startswith(prefix):
                directives.update(relaxed)
                if "img-src" in relaxed:
                    directives["img-src"] = [*relaxed["img-src"], *images[2:]]
                break
        parts.replace = {**directives, **(parts.replace or {})}
        return parts

    def process_response(self, request, response):
        response = super().process_response(request, response)
        token = getattr(request, "_csp_context_token", None)
        if token is not None:
            try:
                _current_request.reset(token)
            except ValueError:  # set in another context (ASGI runs each hook apart)
                _current_request.set(None)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        return response
