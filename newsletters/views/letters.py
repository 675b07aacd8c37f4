"""The gardeners' pages: their community's letters, one letter's editing
page, its audience, schedule and sending, preview and test."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.clickjacking import xframe_options_sameorigin

from communities.models import Community
from communities.views.base import CommunityPermissionMixin as CommunityMixin
from terreau.views import add_form_errors, show_errors

from .. import rendering, selectors, services
from ..forms import (
    AudienceForm,
    DecisionForm,
    LetterCreateForm,
    LetterForm,
    ReopenForm,
    ScheduleForm,
    default_deadline,
)
from ..models import Letter, Section
from .base import LetterMixin


class CommunityLettersView(CommunityMixin, View):
    permission_required = "newsletters.view_letters"
    template_name = "newsletters/community_letters.html"

    def get(self, request, slug):
        community = self.get_community()
        page = Paginator(selectors.community_letters(community), 20).get_page(
            request.GET.get("page")
        )
        return render(request, self.template_name, {"community": community, "page": page})


class LetterCreateView(CommunityMixin, View):
    permission_required = "newsletters.add_letter"
    template_name = "newsletters/letter_form.html"

    def get(self, request, slug):
        deadline = default_deadline()
        form = LetterCreateForm(initial={
            "contributions_until": deadline,
            "planned_for": (deadline + dt.timedelta(days=7)).date(),
        })
        return render(request, self.template_name,
                      {"form": form, "community": self.get_community()})

    def post(self, request, slug):
        community = self.get_community()
        form = LetterCreateForm(request.POST)
        if form.is_valid():
            try:
                letter = services.letter_create(
                    community=community, actor=request.user, **form.service_kwargs()
                )
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(
                    request, _("The letter is open: the call for contributions is on its way.")
                )
                return redirect(letter)
        return render(request, self.template_name, {"form": form, "community": community},
                      status=400)


class LetterView(LetterMixin, View):
    """The letter's page: the editing page for its gardeners, the call for
    contributions (and one's own sections) for invited members."""

    permission_required = "newsletters.contribute_letter"

    def handle_no_permission(self):
        letter = self.get_letter()
        if letter.is_sent and self.request.user.has_perm("newsletters.view_sent_letter", letter):
            return redirect("newsletters:web", pk=letter.pk)
        return super().handle_no_permission()

    def get(self, request, pk):
        letter = self.get_letter()
        user = request.user
        if user.has_perm("newsletters.change_letter", letter):
            return self._editing_page(request, letter)
        if letter.is_sent:
            return redirect("newsletters:web", pk=letter.pk)
        return render(request, "newsletters/letter_call.html", {
            "letter": letter,
            "community": letter.community,
            "sections": selectors.my_sections(letter, user),
            "call_open": _call_open(letter),
        })

    def _editing_page(self, request, letter):
        sections = list(selectors.letter_sections(letter))
        by_state = {state: [s for s in sections if s.state == state] for state in Section.State}
        context = {
            "letter": letter,
            "community": letter.community,
            "sections": sections,
            "accepted": by_state[Section.State.ACCEPTED],
            "waiting": by_state[Section.State.PROPOSED],
            "changes": by_state[Section.State.CHANGES_REQUESTED],
            "declined": by_state[Section.State.DECLINED],
            "decision_form": DecisionForm(),
            "call_open": _call_open(letter),
            "reopen_form": ReopenForm(initial={"contributions_until": default_deadline()}),
            "schedule_form": ScheduleForm(initial={"when": letter.scheduled_for}),
        }
        if letter.state in (Letter.State.SENDING, Letter.State.SENT):
            context["progress"] = selectors.progress(letter)
        else:
            context["audience"] = selectors.audience_summary(letter)
            context["recipient_count"] = selectors.recipient_count(letter)
        return render(request, "newsletters/letter_edit.html", context)


def _call_open(letter) -> bool:
    from django.utils import timezone

    return letter.state == Letter.State.CALL_OPEN and letter.contributions_until > timezone.now()


class LetterUpdateView(LetterMixin, View):
    permission_required = "newsletters.change_letter"
    template_name = "newsletters/letter_form.html"

    def get(self, request, pk):
        letter = self.get_letter()
        form = LetterForm(initial={
            "title": letter.title, "planned_for": letter.planned_for,
            "contributions_until": letter.contributions_until, "intro": letter.intro,
        })
        return render(request, self.template_name,
                      {"form": form, "letter": letter, "community": letter.community})

    def post(self, request, pk):
        letter = self.get_letter()
        form = LetterForm(request.POST)
        if form.is_valid():
            try:
                services.letter_update(letter=letter, actor=request.user,
                                       **form.service_kwargs())
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("The letter is saved."))
                return redirect(letter)
        return render(request, self.template_name,
                      {"form": form, "letter": letter, "community": letter.community},
                      status=400)


class _LetterAction(LetterMixin, View):
    """A POST that calls one service and comes back to the letter."""

    permission_required = "newsletters.change_letter"
    http_method_names = ["post"]
    success_message = ""

    def act(self, request, letter):
        raise NotImplementedError

    def post(self, request, pk):
        letter = self.get_letter()
        try:
            self.act(request, letter)
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(request, self.success_message)
        return redirect(letter)


class CloseCallView(_LetterAction):
    success_message = gettext_lazy("The call for contributions is closed. Authors asked for "
                                   "changes can still revise their sections.")

    def act(self, request, letter):
        services.letter_close_call(letter=letter, actor=request.user)


class ReopenCallView(_LetterAction):
    success_message = gettext_lazy("The call for contributions is open again.")

    def act(self, request, letter):
        form = ReopenForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("Choose a valid date and time for the new deadline."))
        services.letter_reopen_call(letter=letter, actor=request.user,
                                    contributions_until=form.cleaned_data["contributions_until"])


class SendTestView(_LetterAction):
    permission_required = "newsletters.send_letter"

    def act(self, request, letter):
        services.letter_send_test(letter=letter, actor=request.user)
        self.success_message = _("A test copy is on its way to %(email)s.") % {
            "email": request.user.email
        }


class ScheduleView(_LetterAction):
    permission_required = "newsletters.send_letter"
    success_message = gettext_lazy("The letter is scheduled.")

    def act(self, request, letter):
        form = ScheduleForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("Choose a valid date and time to send the letter."))
        services.letter_schedule(letter=letter, actor=request.user,
                                 when=form.cleaned_data["when"])


class UnscheduleView(_LetterAction):
    permission_required = "newsletters.send_letter"
    success_message = gettext_lazy("The schedule is cancelled; the letter is back in editing.")

    def act(self, request, letter):
        services.letter_unschedule(letter=letter, actor=request.user)


class SendNowView(LetterMixin, View):
    """A confirmation page that says how many people will receive the letter."""

    permission_required = "newsletters.send_letter"
    template_name = "newsletters/send_confirm.html"

    def get(self, request, pk):
        letter = self.get_letter()
        return render(request, self.template_name, {
            "letter": letter, "community": letter.community,
            "audience": selectors.audience_summary(letter),
            "recipient_count": selectors.recipient_count(letter),
        })

    def post(self, request, pk):
        letter = self.get_letter()
        try:
            services.letter_send_now(letter=letter, actor=request.user)
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(request, _("Sending has started."))
        return redirect(letter)


class AudienceView(LetterMixin, View):
    permission_required = "newsletters.change_letter"
    template_name = "newsletters/audience.html"

    def _communities(self, letter):
        if self.request.user.has_perm("newsletters.send_to_several_communities", letter):
            return list(Community.objects.order_by("name"))
        return [letter.community]

    def _form(self, letter, data=None):
        initial = {"circles": [f"{a.community_id}:{a.circle}" for a in letter.audience.all()]}
        return AudienceForm(data, initial=initial, communities=self._communities(letter))

    def _render(self, request, letter, form, status=200):
        return render(request, self.template_name, {
            "letter": letter, "community": letter.community, "form": form,
            "audience": selectors.audience_summary(letter),
            "recipient_count": selectors.recipient_count(letter),
            "several": len(form.communities) > 1,
        }, status=status)

    def get(self, request, pk):
        letter = self.get_letter()
        return self._render(request, letter, self._form(letter))

    def post(self, request, pk):
        letter = self.get_letter()
        form = self._form(letter, request.POST)
        if form.is_valid():
            try:
                services.letter_set_audience(letter=letter, actor=request.user,
                                             circles=form.chosen())
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("The audience is saved."))
                return redirect("newsletters:audience", pk=letter.pk)
        return self._render(request, letter, form, status=400)


class ProgressView(LetterMixin, View):
    """Sent / failed / total as JSON, polled by the letter's page."""

    permission_required = "newsletters.view_progress"

    def get(self, request, pk):
        letter = self.get_letter()
        data = selectors.progress(letter).as_dict()
        data["state"] = letter.state
        data["state_label"] = letter.get_state_display()
        return JsonResponse(data, headers={"Cache-Control": "no-store"})


class PreviewView(LetterMixin, View):
    """The letter as recipients will see it: web rendering, the e-mail in a
    frame, and the plain-text part."""

    permission_required = "newsletters.change_letter"

    def get(self, request, pk):
        letter = self.get_letter()
        sections = selectors.accepted_sections(letter)
        rendered = rendering.render_letter(letter, sections, language=_language(request))
        text, _html = rendering.personalise(
            rendered, name=str(request.user), unsubscribe=_preview_unsubscribe(request, letter)
        )
        return render(request, "newsletters/preview.html", {
            "letter": letter, "community": letter.community,
            "sections": rendering.section_views(sections), "subject": rendered.subject,
            "text": text, "preview": True,
        })


@method_decorator(xframe_options_sameorigin, name="dispatch")
class PreviewEmailView(LetterMixin, View):
    """The HTML part exactly as sent (inlined CSS), shown in the preview's frame."""

    permission_required = "newsletters.change_letter"

    def get(self, request, pk):
        letter = self.get_letter()
        rendered = rendering.render_letter(
            letter, selectors.accepted_sections(letter), language=_language(request)
        )
        _text, html = rendering.personalise(
            rendered, name=str(request.user), unsubscribe=_preview_unsubscribe(request, letter)
        )
        response = HttpResponse(html)
        # The frame shows our own sanitised HTML; still, nothing in it may run.
        response["Content-Security-Policy"] = "script-src 'none'; sandbox allow-popups"
        return response


def _language(request) -> str:
    return getattr(request, "LANGUAGE_CODE", "") or settings.LANGUAGE_CODE


def _preview_unsubscribe(request, letter) -> str:
    return rendering.unsubscribe_url(user_id=request.user.pk, community_id=letter.community_id)

