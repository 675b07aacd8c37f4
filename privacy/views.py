from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import consents, personal_data

from . import services
from .forms import DeletionForm


def page(request):
    """What the site does with personal data, generated from the apps'
    declarations (accounts/personal_data.py), so it cannot drift from them."""
    return render(
        request,
        "privacy/page.html",
        {
            "holders": [h for h in personal_data.holders() if h.processings],
            # The texts asked for now, with their versions (accounts/consents.py).
            "consent_texts": list(consents.TEXTS.values()),
        },
    )


@login_required
def export_download(request):
    """The signed-in person's own data; there is no way to ask for another's."""
    archive = services.export_build(user=request.user)
    response = HttpResponse(archive, content_type="application/zip")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="terreau-my-data-{stamp}.zip"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def deletion(request):
    user = request.user
    form = DeletionForm(request.POST or None)
    if request.method == "POST" and user.erase_after is None and form.is_valid():
        try:
            services.account_deletion_request(user=user, password=form.cleaned_data["password"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your account will be deleted in 30 days."))
            return redirect("privacy:deletion")
    return render(
        request,
        "privacy/deletion.html",
        {"form": form, "blockers": personal_data.erase_blockers(user)},
    )


@require_POST
@login_required
def deletion_cancel(request):
    try:
        services.account_deletion_cancel(user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The deletion of your account is cancelled."))
    return redirect("accounts:profile")
