"""What every community view shares: finding the community, acting on it.

Views read through selectors, write through services, and ask permissions by
name (rules.py). A refused write (ValidationError) becomes an error message
and a redirect: nothing changed, the person reads why.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from terreau.views import show_errors

from ..models import Community


class CommunityLookupMixin:
    """A view about the community named by the slug in the URL (404 if none),
    which is also the rules' object."""

    community_queryset = Community.objects.all()

    @property
    def community(self) -> Community:
        if not hasattr(self, "_community"):
            self._community = get_object_or_404(
                self.community_queryset, slug=self.kwargs["slug"]
            )
        return self._community

    def get_community(self) -> Community:
        return self.community

    def get_permission_object(self):
        return self.community


class CommunityPermissionMixin(CommunityLookupMixin, PermissionRequiredMixin):
    """The community of the URL, and the permission (rules) asked on it: every
    app's pages under /communities/<slug>/ start here."""


class CommunityMixin(CommunityLookupMixin):
    """A communities page: the community is also in the template context."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(community=self.community, **kwargs)


class ActionView(View):
    """A POST that calls one service, then redirects with a message.

    Mixed after CommunityMixin (which gives `self.community`) and, for
    gardeners, after PermissionRequiredMixin: the MRO must find
    CommunityMixin.get_permission_object before the rules mixin's default.
    """

    http_method_names = ["post"]
    form_class = None

    def get_form_kwargs(self) -> dict:
        return {}

    def get_success_url(self) -> str:
        return self.community.get_absolute_url()

    def get_failure_url(self) -> str:
        return self.get_success_url()

    def perform(self, form) -> str:
        """Call the service and return the success message."""
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        form = None
        if self.form_class is not None:
            form = self.form_class(request.POST, **self.get_form_kwargs())
            if not form.is_valid():
                for errors in form.errors.values():
                    for message in errors:
                        messages.error(request, message)
                return redirect(self.get_failure_url())
        try:
            success = self.perform(form)
        except ValidationError as error:
            show_errors(request, error)
            return redirect(self.get_failure_url())
        messages.success(request, success)
        return redirect(self.get_success_url())


class MemberActionView(CommunityMixin, ActionView):
    """The signed-in person acts on their own membership."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            # Back to the community page after logging in: the action itself
            # is a POST and cannot be replayed by a redirect.
            return redirect_to_login(self.community.get_absolute_url())
        return super().dispatch(request, *args, **kwargs)

    def get_success_url(self) -> str:
        target = self.request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(
            target, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return target
        return self.community.get_absolute_url()


class GardenerActionView(CommunityMixin, PermissionRequiredMixin, ActionView):
    permission_required = "communities.manage_members"
