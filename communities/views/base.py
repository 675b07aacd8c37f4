"""What every community view shares: finding the community, acting on it.

Views read through selectors, write through services, and ask permissions by
name (rules.py). A refused write (ValidationError) becomes an error message
and a redirect: nothing changed, the person reads why.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from terreau.links import safe_next
from terreau.views import show_errors

from .. import selectors
from ..models import Community


def community_from_slug(slug: str) -> Community:
    """The community of a URL under /communities/<slug>/ (404 if none): the one
    lookup of the community space, one query with the circle counts and the
    active pair (selectors.community_space). Views use CommunityLookupMixin,
    which calls this once per request; function views and feeds call it."""
    community = selectors.community_space(slug)
    if community is None:
        raise Http404
    return community


class CommunityLookupMixin:
    """A view about the community named by the slug in the URL (404 if none),
    which is also the rules' object.

    The one lookup of the community space (community_from_slug), made once per
    request however many times the view, its permission check and its panels
    ask.
    """

    @property
    def community(self) -> Community:
        if not hasattr(self, "_community"):
            self._community = community_from_slug(self.kwargs["slug"])
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
        return safe_next(
            self.request, self.request.POST.get("next"), self.community.get_absolute_url()
        )


class GardenerActionView(CommunityMixin, PermissionRequiredMixin, ActionView):
    permission_required = "communities.manage_members"
