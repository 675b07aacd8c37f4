from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language
from rules.contrib.views import permission_required

from terreau.french import sort_key
from terreau.links import safe_next

from . import second_factor, services
from .forms import ProfileForm


@require_POST
def set_language(request):
    """Django's language switch, also saved to the signed-in person's profile."""
    response = django_set_language(request)
    language = request.POST.get("language")
    user = request.user
    if user.is_authenticated and language in dict(settings.LANGUAGES):
        if user.preferred_language != language:
            user.preferred_language = language
            user.save(update_fields=["preferred_language"])
    return response


def _remember_language(response, language):
    """Keep the language after logging out, as Django's set_language does."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


@permission_required("accounts.change_profile", fn=lambda request: request.user)
def profile(request):
    user = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            try:
                services.profile_update(user=user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                # The confirmation already speaks the language just chosen.
                translation.activate(user.preferred_language)
                request.LANGUAGE_CODE = user.preferred_language
                messages.success(request, _("Your profile is saved."))
                response = redirect("accounts:profile")
                _remember_language(response, user.preferred_language)
                return response
    else:
        form = ProfileForm(
            initial={
                "display_name": user.display_name,
                "organisation": user.organisation,
                "bio": user.bio,
                "interests": sorted(user.interests.all(), key=lambda tag: sort_key(tag.name)),
                "skills": sorted(user.skills.all(), key=lambda tag: sort_key(tag.name)),
                "preferred_language": user.preferred_language,
            }
        )
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "second_factor_active": second_factor.has_authenticator(user)},
    )


def _admin_login(request, *, home: str, may_enter) -> HttpResponse:
    """An admin's log-in address leads to the site's log-in form: one form,
    one throttle, one second factor for every way in (docs/security.md).

    Someone already signed in goes on to the admin if they may enter it, or
    is refused: sending them to the log-in form again would loop (the site's
    form sends a signed-in person on to `next`).
    """
    next_url = safe_next(request, request.GET.get(REDIRECT_FIELD_NAME), home)
    if not request.user.is_authenticated:
        return redirect_to_login(next_url)
    if request.user.is_active and may_enter(request.user):
        return redirect(next_url)
    raise PermissionDenied


def cms_login(request):
    """/cms/login/, Wagtail's log-in address."""
    return _admin_login(
        request, home="/cms/", may_enter=lambda user: user.has_perm("wagtailadmin.access_admin")
    )


def django_admin_login(request):
    """/django-admin/login/, the Django admin's log-in address."""
    return _admin_login(request, home="/django-admin/", may_enter=lambda user: user.is_staff)


def private_page_login(request):
    """/_util/login/, where Wagtail sends visitors of a private page."""
    return _admin_login(request, home="/", may_enter=lambda user: False)
