"""Pages of needs and synergy proposals. Thin: ask the rule, validate the form,
call one service, show its message. A refused write comes back as form errors
or a message; nothing changed.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from communities.views.base import CommunityPermissionMixin
from roles.selectors import pair_role_labels
from terreau.views import add_form_errors, show_errors

from . import next_steps, relays, selectors, services
from .forms import (
    ConnectForm,
    FilterForm,
    NeedForm,
    RelayAnswerForm,
    RelayForm,
    StepForm,
    SupportForm,
    SupportRemoveForm,
    WithdrawForm,
)
from .models import Need, Support, next_statuses

PAGE_SIZE = 20


class NeedMixin(CommunityPermissionMixin):
    @property
    def need(self) -> Need:
        if not hasattr(self, "_need"):
            self._need = get_object_or_404(
                Need.objects.select_related("author"),
                community=self.community, pk=self.kwargs["pk"],
            )
            self._need.community = self.community
        return self._need

    def get_permission_object(self):
        return self.need


def _form_messages(request, form) -> None:
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)


# --- Reading --------------------------------------------------------------------------


class NeedListView(CommunityPermissionMixin, View):
    permission_required = "needs.view_needs"

    def get(self, request, slug):
        community, user = self.community, request.user
        tags = selectors.community_tags(community)
        form = FilterForm(request.GET, tags=tags)
        filters = {}
        if form.is_valid():
            filters = form.cleaned_data
        else:
            messages.error(request, _("This filter is not available; all items are shown."))
        items = selectors.items_for_community(
            community=community, user=user,
            sees_all=user.has_perm("needs.view_board", community),
            status=filters.get("status", ""), kind=filters.get("kind", ""),
            tag=filters.get("tag", ""), mine=filters.get("mine", False),
        )
        page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        return render(
            request, "needs/need_list.html",
            {
                "community": community,
                "page": page,
                "form": form,
                "filtered": any(filters.values()),
                "query": query.urlencode(),
                "can_add": user.has_perm("needs.add_need", community),
                "can_board": user.has_perm("needs.view_board", community),
                "is_citizen": user.has_perm("needs.view_needs", community)
                and user.has_perm("communities.request_circle", community)
                and not user.has_perm("needs.add_need", community),
            },
        )


class NeedDetailView(NeedMixin, View):
    permission_required = "needs.view_need"

    def get(self, request, slug, pk):
        need, user = self.need, request.user
        page = selectors.need_page(need)
        mine = {s.kind for s in page["supports"] if s.user_id == user.pk}
        can_connect = user.has_perm("needs.connect_people", need)
        context = {
            "community": self.community,
            "need": need,
            "tags": list(need.tags.all()),
            **page,
            "me_too": [s for s in page["supports"] if s.kind == Support.Kind.ME_TOO],
            "can_help": [s for s in page["supports"] if s.kind == Support.Kind.CAN_HELP],
            "my_supports": [Support.Kind(k) for k in sorted(mine)],
            "can_edit": user.has_perm("needs.edit_need", need),
            "can_withdraw": user.has_perm("needs.withdraw_need", need),
            "can_move": user.has_perm("needs.change_need_status", need),
            "can_support": user.has_perm("needs.support_need", need)
            and len(mine) < len(Support.Kind.choices),
            "can_view_supporters": user.has_perm("needs.view_supporters", need),
            "can_connect": can_connect,
            "can_report": user.has_perm("needs.report_need", need),
            "is_author": need.author_id == user.pk,
            "can_relay": user.has_perm("needs.relay_need", need),
            "can_record_answer": user.has_perm("needs.record_direction_answer", need),
        }
        # Which of the two gardeners did each thing (issue #16).
        roles = pair_role_labels(self.community)
        for step in page["steps"]:
            step.by_role = roles.get(step.by_id, "")
        if page["relay"] is not None:
            page["relay"].relayed_by_role = roles.get(page["relay"].relayed_by_id, "")
            page["relay"].recorded_by_role = roles.get(page["relay"].answer_recorded_by_id, "")
        if context["can_relay"]:
            context["relay_form"] = RelayForm()
        if context["can_record_answer"]:
            context["relay_answer_form"] = RelayAnswerForm()
        if context["can_move"]:
            context["step_form"] = StepForm(statuses=next_statuses(need.status))
        if context["can_support"]:
            context["support_form"] = SupportForm()
        if context["can_withdraw"]:
            context["withdraw_form"] = WithdrawForm()
        if can_connect:
            people = services.connectable_people(need)
            context["connectable"] = people
            if len(people) > 1:
                context["connect_form"] = ConnectForm(people=people)
        # What happened next, from apps above (needs/next_steps.py): e.g. a process's answer.
        context["next_blocks"] = next_steps.blocks_for(need, user)
        return render(request, "needs/need_detail.html", context)


class BoardView(CommunityPermissionMixin, View):
    permission_required = "needs.view_board"

    def get(self, request, slug):
        return render(
            request, "needs/board.html",
            {
                "community": self.community,
                "columns": selectors.board(community=self.community),
                "waiting_days": selectors.WAITING_DAYS,
            },
        )


# --- Submitting and editing -----------------------------------------------------------


class NeedCreateView(CommunityPermissionMixin, View):
    permission_required = "needs.add_need"

    def render_form(self, form, status=200):
        return render(
            self.request, "needs/need_form.html",
            {"community": self.community, "form": form}, status=status,
        )

    def get(self, request, slug):
        return self.render_form(NeedForm())

    def post(self, request, slug):
        form = NeedForm(request.POST)
        if form.is_valid():
            try:
                need = services.need_create(
                    community=self.community, author=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Thank you. The gardeners will answer here, and you will be notified "
                      "at every step."),
                )
                return redirect(need)
        return self.render_form(form, status=400)


class NeedUpdateView(NeedMixin, View):
    permission_required = "needs.edit_need"

    def render_form(self, form, status=200):
        return render(
            self.request, "needs/need_form.html",
            {"community": self.community, "need": self.need, "form": form}, status=status,
        )

    def get(self, request, slug, pk):
        need = self.need
        return self.render_form(NeedForm(initial={
            "kind": need.kind, "title": need.title, "description": need.description,
            "visibility": need.visibility, "contact_consent": need.contact_consent,
            "tags": ", ".join(t.name for t in need.tags.all()),
        }))

    def post(self, request, slug, pk):
        form = NeedForm(request.POST)
        if form.is_valid():
            try:
                services.need_update(need=self.need, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("Your item is updated."))
                return redirect(self.need)
        return self.render_form(form, status=400)


# --- Actions on an item (POST, back to the item with a message) ------------------------


class NeedAction(NeedMixin, View):
    http_method_names = ["post"]

    def act(self):
        raise NotImplementedError

    def post(self, request, slug, pk):
        try:
            success = self.act()
        except ValidationError as error:
            show_errors(request, error)
        else:
            if success:
                messages.success(request, success)
        return redirect(self.need)


class WithdrawView(NeedAction):
    permission_required = "needs.withdraw_need"

    def act(self):
        form = WithdrawForm(self.request.POST)
        if not form.is_valid():
            _form_messages(self.request, form)
            return None
        services.need_withdraw(
            need=self.need, actor=self.request.user, reason=form.cleaned_data["reason"]
        )
        return _("Your item is withdrawn. Its history stays readable.")


class StepView(NeedAction):
    permission_required = "needs.change_need_status"

    def act(self):
        form = StepForm(self.request.POST, statuses=next_statuses(self.need.status))
        if not form.is_valid():
            _form_messages(self.request, form)
            return None
        step = services.need_move(need=self.need, actor=self.request.user, **form.cleaned_data)
        return _("“%(title)s” is now “%(status)s”; the author is notified of your answer.") % {
            "title": self.need.title, "status": step.get_to_status_display(),
        }


class SupportView(NeedAction):
    permission_required = "needs.support_need"

    def act(self):
        form = SupportForm(self.request.POST)
        if not form.is_valid():
            _form_messages(self.request, form)
            return None
        support = services.support_add(need=self.need, user=self.request.user, **form.cleaned_data)
        if support.kind == Support.Kind.CAN_HELP:
            return _("Thank you for offering help: the author and the gardeners are told.")
        return _("Noted: the author and the gardeners know you share this.")


class SupportRemoveView(NeedAction):
    permission_required = "needs.view_need"

    def act(self):
        form = SupportRemoveForm(self.request.POST)
        if not form.is_valid():
            _form_messages(self.request, form)
            return None
        services.support_remove(need=self.need, user=self.request.user, **form.cleaned_data)
        return _("Taken back.")


class ConnectView(NeedAction):
    permission_required = "needs.connect_people"

    def act(self):
        people = services.connectable_people(self.need)
        form = ConnectForm(self.request.POST, people=people)
        if not form.is_valid():
            _form_messages(self.request, form)
            return None
        by_pk = {p.pk: p for p in people}
        connection = services.connection_create(
            need=self.need, actor=self.request.user,
            first=by_pk[form.cleaned_data["first"]], second=by_pk[form.cleaned_data["second"]],
            note=form.cleaned_data["note"],
        )
        return _("%(first)s and %(second)s are put in touch: each received the other's "
                 "contact.") % {"first": connection.first, "second": connection.second}


class RelayView(NeedAction):
    """The institution gardener relays the item to their direction (issue #16)."""

    permission_required = "needs.relay_need"

    def act(self):
        form = RelayForm(self.request.POST)
        if not form.is_valid():
            _form_messages(self.request, form)
            return None
        relay = relays.need_relay(need=self.need, actor=self.request.user, **form.cleaned_data)
        return _("Relayed to %(direction)s; the author is told.") % {
            "direction": relay.direction.name
        }


class RelayAnswerView(NeedAction):
    """The institution gardener records the direction's answer."""

    permission_required = "needs.record_direction_answer"

    def act(self):
        form = RelayAnswerForm(self.request.POST)
        if not form.is_valid():
            _form_messages(self.request, form)
            return None
        relays.relay_answer_record(need=self.need, actor=self.request.user, **form.cleaned_data)
        return _("The direction's answer is recorded; the author and the gardeners are told.")


# --- The direction's side (issue #16) --------------------------------------------------


class DirectionRelaysView(PermissionRequiredMixin, View):
    """"Waiting for our direction's answer": the items relayed to the
    directions the person is an agent of, unanswered first, then the latest
    answered ones. Each links to the item's page, where the answer is recorded."""

    permission_required = "needs.view_direction_relays"

    def get(self, request):
        waiting, answered = selectors.direction_relays(request.user)
        return render(request, "needs/direction_relays.html",
                      {"waiting": waiting, "answered": answered})
