"""The watch's pages: the public list of open outside calls, each one's
public page, and posting, editing and withdrawing one (calls/watch/rules.py
says who)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from terreau.views import add_form_errors

from . import selectors, services
from .forms import OutsideCallForm
from .models import OutsideCall

PER_PAGE = 20


class WatchListView(View):
    def get(self, request):
        theme = request.GET.get("theme", "")
        page = Paginator(selectors.open_outside_calls(theme=theme), PER_PAGE).get_page(
            request.GET.get("page"))
        user = request.user
        for outside in page.object_list:
            outside.can_change = user.has_perm("calls.change_outside_call", outside)
        return render(request, "calls/watch/list.html", {
            "page_obj": page, "outside_calls": page.object_list, "theme": theme,
            "themes": selectors.open_themes(),
            "can_post": user.has_perm("calls.post_outside_call"),
        })


class WatchDetailView(View):
    """An outside call's public page, where its notification leads; a
    withdrawn one is gone (404); one past its deadline says it is closed."""

    def get(self, request, pk):
        try:
            outside = selectors.outside_call(pk)
        except OutsideCall.DoesNotExist:
            raise Http404 from None
        return render(request, "calls/watch/detail.html", {
            "outside_call": outside, "closed": outside.deadline < selectors.today(),
            "can_change": request.user.has_perm("calls.change_outside_call", outside),
        })


class WatchPostView(PermissionRequiredMixin, View):
    permission_required = "calls.post_outside_call"

    def get(self, request):
        return render(request, "calls/watch/form.html", {"form": OutsideCallForm()})

    def post(self, request):
        form = OutsideCallForm(request.POST)
        if form.is_valid():
            try:
                services.outside_call_post(poster=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("The call is shared: the people whose themes "
                                            "match will hear of it."))
                return redirect("calls:watch")
        return render(request, "calls/watch/form.html", {"form": form}, status=400)


class OutsideCallMixin(PermissionRequiredMixin):
    permission_required = "calls.change_outside_call"

    @property
    def outside_call(self) -> OutsideCall:
        if not hasattr(self, "_outside_call"):
            try:
                self._outside_call = selectors.outside_call(self.kwargs["pk"])
            except OutsideCall.DoesNotExist:
                raise Http404 from None
        return self._outside_call

    def get_permission_object(self):
        return self.outside_call


class WatchEditView(OutsideCallMixin, View):
    def get(self, request, pk):
        form = OutsideCallForm(initial=OutsideCallForm.initial_for(self.outside_call))
        return render(request, "calls/watch/form.html",
                      {"form": form, "outside_call": self.outside_call})

    def post(self, request, pk):
        form = OutsideCallForm(request.POST)
        if form.is_valid():
            try:
                services.outside_call_update(outside_call=self.outside_call,
                                             **form.cleaned_data)
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("The call is saved."))
                return redirect(reverse("calls:watch"))
        return render(request, "calls/watch/form.html",
                      {"form": form, "outside_call": self.outside_call}, status=400)


class WatchWithdrawView(OutsideCallMixin, View):
    http_method_names = ("post",)

    def post(self, request, pk):
        services.outside_call_withdraw(outside_call=self.outside_call)
        messages.success(request, _("The call is withdrawn from the watch."))
        return redirect("calls:watch")
