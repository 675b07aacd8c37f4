"""Pages of the working groups. Thin: ask the rule, validate the form, call one
service, show its message. A refused write (ValidationError) comes back as
a message or form errors; nothing changed.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from communities.views.base import CommunityPermissionMixin
from terreau.views import add_form_errors, show_errors

from . import next_steps, selectors, services
from .forms import (
    AnswerForm,
    DecisionForm,
    GroupForm,
    JoinRequestForm,
    MemberSearchForm,
    UserChoiceForm,
)
from .models import JoinRequest, WorkingGroup


class GroupMixin(CommunityPermissionMixin):
    @property
    def group(self) -> WorkingGroup:
        if not hasattr(self, "_group"):
            self._group = get_object_or_404(
                WorkingGroup.objects.select_related("channel"),
                community=self.community, slug=self.kwargs["group_slug"],
            )
            self._group.community = self.community
            if self._group.channel is not None:
                self._group.channel.community = self.community
        return self._group

    def get_permission_object(self):
        return self.group


class GroupAction(GroupMixin, View):
    """A POST on a group that calls one service, then goes back with a message."""

    http_method_names = ["post"]
    form_class = None

    def perform(self, form) -> str:
        raise NotImplementedError

    def success_url(self) -> str:
        return self.group.get_absolute_url()

    def post(self, request, *args, **kwargs):
        form = None
        if self.form_class is not None:
            form = self.form_class(request.POST)
            if not form.is_valid():
                for errors in form.errors.values():
                    for message in errors:
                        messages.error(request, message)
                return redirect(self.success_url())
        try:
            success = self.perform(form)
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(request, success)
        return redirect(self.success_url())


# --- Reading --------------------------------------------------------------------------


class GroupListView(CommunityPermissionMixin, View):
    permission_required = "workgroups.view_groups"

    def get(self, request, slug):
        return render(
            request,
            "workgroups/group_list.html",
            {
                "community": self.community,
                "groups": selectors.community_groups(community=self.community),
                "can_add": request.user.has_perm("workgroups.add_group", self.community),
            },
        )


class GroupDetailView(GroupMixin, View):
    permission_required = "workgroups.view_group"

    def get(self, request, slug, group_slug):
        group, user = self.group, request.user
        page = selectors.group_page(group=group)
        # What happened next to each result (apps above: workgroups/next_steps.py).
        next_steps.attach(page.decisions, group, user)
        return render(
            request,
            "workgroups/group_detail.html",
            {
                "community": self.community,
                "group": group,
                "page": page,
                "pending_request": selectors.pending_request(group=group, user=user),
                "decision_form": DecisionForm(),
                "can_change": user.has_perm("workgroups.change_group", group),
                "can_manage": user.has_perm("workgroups.manage_group_members", group),
                "can_decide": user.has_perm("workgroups.decide_join_request", group),
                "can_request": user.has_perm("workgroups.request_join", group),
                "can_leave": user.has_perm("workgroups.leave_group", group),
                "can_record": user.has_perm("workgroups.record_decision", group),
                "can_add_event": not group.is_archived
                and user.has_perm("events.add_event", self.community),
                "can_see_channel": group.channel is not None
                and user.has_perm("discussions.view_channel", group.channel),
            },
        )


# --- Creating and changing a group ----------------------------------------------------


class GroupCreateView(CommunityPermissionMixin, View):
    permission_required = "workgroups.add_group"

    def render_form(self, form, status=200):
        return render(
            self.request, "workgroups/group_form.html",
            {"community": self.community, "form": form}, status=status,
        )

    def get(self, request, slug):
        return self.render_form(GroupForm())

    def post(self, request, slug):
        form = GroupForm(request.POST)
        if form.is_valid():
            try:
                group = services.group_create(
                    community=self.community, actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The working group “%(group)s” is created, with its own channel. "
                      "Add its members now.") % {"group": group.name},
                )
                return redirect("workgroups:members", slug=slug, group_slug=group.slug)
        return self.render_form(form, status=400)


class GroupUpdateView(GroupMixin, View):
    permission_required = "workgroups.change_group"

    def render_form(self, form, status=200):
        return render(
            self.request, "workgroups/group_form.html",
            {"community": self.community, "group": self.group, "form": form}, status=status,
        )

    def get(self, request, slug, group_slug):
        group = self.group
        return self.render_form(
            GroupForm(initial={
                "name": group.name, "issue": group.issue, "goal": group.goal,
                "ends_on": group.ends_on,
            })
        )

    def post(self, request, slug, group_slug):
        form = GroupForm(request.POST)
        if form.is_valid():
            try:
                services.group_update(group=self.group, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("The working group is updated."))
                return redirect(self.group)
        return self.render_form(form, status=400)


class GroupArchiveView(GroupMixin, View):
    permission_required = "workgroups.change_group"

    def get(self, request, slug, group_slug):
        return render(
            request, "workgroups/group_archive.html",
            {"community": self.community, "group": self.group},
        )

    def post(self, request, slug, group_slug):
        try:
            services.group_archive(group=self.group, actor=request.user)
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(
                request,
                _("The working group is archived. Its page, members and decisions stay readable."),
            )
        return redirect(self.group)


# --- Members --------------------------------------------------------------------------


class MembersView(GroupMixin, View):
    permission_required = "workgroups.manage_group_members"

    def get(self, request, slug, group_slug):
        search = MemberSearchForm(request.GET)
        query = search.cleaned_data["q"] if search.is_valid() else ""
        return render(
            request,
            "workgroups/members.html",
            {
                "community": self.community,
                "group": self.group,
                "search": search,
                "query": query,
                "candidates": selectors.addable_members(group=self.group, query=query),
                "members": selectors.group_page(group=self.group).members,
            },
        )


def _group_url(group, name: str) -> str:
    return reverse(name, kwargs={"slug": group.community.slug, "group_slug": group.slug})


def _person(form):
    return get_object_or_404(get_user_model(), pk=form.cleaned_data["user"])


class MemberAction(GroupAction):
    """Adding or removing a person, from the group's members page."""

    permission_required = "workgroups.manage_group_members"
    form_class = UserChoiceForm

    def success_url(self):
        return _group_url(self.group, "workgroups:members")


class MemberAddView(MemberAction):
    def perform(self, form):
        person = _person(form)
        services.member_add(group=self.group, user=person, actor=self.request.user)
        return _("%(person)s joined the working group.") % {"person": person}


class MemberRemoveView(MemberAction):
    def perform(self, form):
        person = _person(form)
        services.member_remove(group=self.group, user=person, actor=self.request.user)
        return _("%(person)s is no longer a member of the working group.") % {"person": person}


class LeaveView(GroupAction):
    permission_required = "workgroups.leave_group"

    def perform(self, form):
        services.group_leave(group=self.group, user=self.request.user)
        return _("You left the working group.")


# --- Join requests --------------------------------------------------------------------


class JoinRequestView(GroupMixin, View):
    permission_required = "workgroups.request_join"

    def render_form(self, form, status=200):
        return render(
            self.request, "workgroups/join_request.html",
            {"community": self.community, "group": self.group, "form": form}, status=status,
        )

    def get(self, request, slug, group_slug):
        return self.render_form(JoinRequestForm())

    def post(self, request, slug, group_slug):
        form = JoinRequestForm(request.POST)
        if form.is_valid():
            try:
                services.join_request_create(
                    group=self.group, user=request.user, message=form.cleaned_data["message"]
                )
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Your request was sent to the gardeners. You will be notified of their answer."),
                )
                return redirect(self.group)
        return self.render_form(form, status=400)


class RequestsView(GroupMixin, View):
    permission_required = "workgroups.decide_join_request"

    def get(self, request, slug, group_slug):
        return render(
            request,
            "workgroups/requests.html",
            {
                "community": self.community,
                "group": self.group,
                "requests": selectors.pending_requests(group=self.group),
            },
        )


class RequestDecideView(GroupAction):
    permission_required = "workgroups.decide_join_request"
    form_class = AnswerForm

    def success_url(self):
        return _group_url(self.group, "workgroups:requests")

    def perform(self, form):
        join_request = get_object_or_404(JoinRequest, pk=self.kwargs["request_id"], group=self.group)
        answer = form.cleaned_data["answer"]
        if self.kwargs["decision"] == "approve":
            services.join_request_approve(
                group=self.group, request_id=join_request.pk, actor=self.request.user,
                answer=answer,
            )
            return _("%(person)s joined the working group.") % {"person": join_request.user}
        services.join_request_decline(
            group=self.group, request_id=join_request.pk, actor=self.request.user, answer=answer
        )
        return _("The request is declined; %(person)s will read your answer.") % {
            "person": join_request.user
        }


# --- Decisions ------------------------------------------------------------------------


class DecisionAddView(GroupAction):
    permission_required = "workgroups.record_decision"
    form_class = DecisionForm

    def success_url(self):
        return self.group.get_absolute_url() + "#decisions"

    def perform(self, form):
        services.decision_record(group=self.group, actor=self.request.user, **form.cleaned_data)
        return _("The decision is recorded; the group's members are notified.")
