"""The coaching thread, the cultivator's contributor invitations and the
elected officials (issue #16). Permissions by name (gardeners/rules.py);
writes through services; a refusal is shown and changes nothing."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from communities.views.base import CommunityPermissionMixin
from roles import selectors as roles
from roles import services as role_services
from roles.models import ContributorInvitation
from terreau.views import add_form_errors, show_errors

from . import coaching
from .coaching_forms import CoachingNoteForm, ContributorInviteForm, ElectedOfficialForm


class CoachingView(CommunityPermissionMixin, View):
    """The thread (GET) and a new note (POST)."""

    permission_required = "gardeners.view_coaching"
    template_name = "gardeners/coaching.html"

    def _render(self, request, form, status=200):
        return render(request, self.template_name, {
            "community": self.community,
            "notes": coaching.coaching_notes(self.community),
            "pair": roles.active_pair(self.community),
            "form": form,
        }, status=status)

    def get(self, request, slug):
        return self._render(request, CoachingNoteForm())

    def post(self, request, slug):
        if not request.user.has_perm("gardeners.add_coaching_note", self.community):
            return self.handle_no_permission()
        form = CoachingNoteForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                coaching.coaching_note_add(
                    community=self.community, author=request.user,
                    text=form.cleaned_data["text"], attachment=form.cleaned_data["attachment"],
                )
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("Your note was added to the thread."))
                return redirect("gardeners:coaching", slug=self.community.slug)
        return self._render(request, form, status=400)


class CoachingAttachmentView(CommunityPermissionMixin, View):
    """A note's attachment, to the thread's readers only."""

    permission_required = "gardeners.view_coaching"

    def get(self, request, slug, note_id):
        note = coaching.coaching_note(self.community, note_id)
        if note is None or not note.attachment:
            raise Http404
        return FileResponse(
            note.attachment.open("rb"), as_attachment=True,
            filename=note.attachment_name or "attachment",
        )


class ContributorsView(CommunityPermissionMixin, View):
    """The pair invites the cultivator as a contributor (POST), and sees who is."""

    permission_required = "gardeners.invite_contributor"
    template_name = "gardeners/contributors.html"

    def _form(self, data=None):
        invited = [i.person_id for i in roles.contributor_invitations(self.community)
                   if i.revoked_at is None]
        candidates = roles.cultivators().exclude(pk__in=invited).order_by("display_name", "email")
        return ContributorInviteForm(data, candidates=candidates)

    def _render(self, request, form, status=200):
        return render(request, self.template_name, {
            "community": self.community,
            "invitations": roles.contributor_invitations(self.community),
            "form": form,
        }, status=status)

    def get(self, request, slug):
        return self._render(request, self._form())

    def post(self, request, slug):
        form = self._form(request.POST)
        if form.is_valid():
            try:
                role_services.contributor_invite(
                    community=self.community, person=form.cleaned_data["person"],
                    actor=request.user,
                )
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(
                    request, _("%(person)s may now work on this community with you.")
                    % {"person": form.cleaned_data["person"]},
                )
                return redirect("gardeners:contributors", slug=self.community.slug)
        return self._render(request, form, status=400)


class ContributorRevokeView(CommunityPermissionMixin, View):
    permission_required = "gardeners.invite_contributor"
    http_method_names = ["post"]

    def post(self, request, slug, invitation_id):
        invitation = get_object_or_404(
            ContributorInvitation, community=self.community, pk=invitation_id
        )
        try:
            role_services.contributor_revoke(invitation=invitation, actor=request.user)
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(
                request, _("%(person)s is a coach again for this community, no longer a "
                           "contributor.") % {"person": invitation.person},
            )
        return redirect("gardeners:contributors", slug=self.community.slug)


class ElectedOfficialsView(PermissionRequiredMixin, View):
    """The elected officials and their communities; mark one (POST)."""

    permission_required = "gardeners.mark_elected"
    template_name = "gardeners/elected.html"

    def _render(self, request, form, status=200):
        return render(request, self.template_name, {
            "officials": roles.elected_officials().order_by("person__display_name", "pk"),
            "form": form,
        }, status=status)

    def get(self, request):
        return self._render(request, ElectedOfficialForm())

    def post(self, request):
        form = ElectedOfficialForm(request.POST)
        if form.is_valid():
            try:
                role_services.elected_mark(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(
                    request, _("%(person)s is marked as an elected official.")
                    % {"person": form.cleaned_data["person"]},
                )
                return redirect("gardeners:elected")
        return self._render(request, form, status=400)


class ElectedOfficialRemoveView(PermissionRequiredMixin, View):
    permission_required = "gardeners.mark_elected"
    http_method_names = ["post"]

    def post(self, request, user_id):
        official = get_object_or_404(roles.elected_officials(), person_id=user_id)
        try:
            role_services.elected_unmark(person=official.person, actor=request.user)
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(
                request, _("%(person)s is no longer marked as an elected official.")
                % {"person": official.person},
            )
        return redirect("gardeners:elected")
