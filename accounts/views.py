from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language
from rules.contrib.views import permission_required

from . import services
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
                "interests": sorted(user.interests.all(), key=lambda tag: tag.name.lower()),
                "skills": sorted(user.skills.all(), key=lambda tag: tag.name.lower()),
                "preferred_language": user.preferred_language,
            }
        )
    return render(request, "accounts/profile.html", {"form": form})
