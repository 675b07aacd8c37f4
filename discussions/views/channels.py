"""Channel pages: the list, creating, renaming, archiving, a channel and its messages."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from communities.views.base import CommunityPermissionMixin

from .. import selectors, services
from ..formatting import for_viewer, message_payload
from ..forms import ChannelForm, MessageForm
from ..predicates import is_moderator
from ._common import (
    ChannelMixin,
    _errors,
    js_strings,
)


class ChannelListView(CommunityPermissionMixin, View):
    permission_required = "discussions.view_channels"

    def get(self, request, slug):
        services.general_channel_ensure(community=self.community)
        return render(
            request,
            "discussions/channel_list.html",
            {
                "community": self.community,
                "channels": selectors.channels_with_unread(
                    user=request.user, community=self.community
                ),
                "mentions": selectors.unseen_mentions(user=request.user).filter(
                    message__channel__community=self.community
                )[:20],
                "can_add": request.user.has_perm("discussions.add_channel", self.community),
                "can_moderate": request.user.has_perm(
                    "discussions.view_reports", self.community
                ),
                # Reported messages wait in the community's one queue.
                "can_review": request.user.has_perm("moderation.view_queue", self.community),
            },
        )


class MyChannelsView(LoginRequiredMixin, View):
    """/me/channels/: the open channels of every community a person belongs
    to or gardens, with their unread counts; the header's "Channels"."""

    def get(self, request):
        return render(
            request,
            "discussions/my_channels.html",
            {"groups": selectors.my_channels(user=request.user)},
        )


class PreferenceView(View):
    """The mention e-mails are set with every other notification now: the old
    address (bookmarks, old e-mails) leads to the notification preferences."""

    def get(self, request, slug):
        return redirect("notifications:preferences")

    post = get


# --- Channels --------------------------------------------------------------------------


class ChannelCreateView(CommunityPermissionMixin, View):
    permission_required = "discussions.add_channel"

    def render_form(self, form):
        return render(
            self.request,
            "discussions/channel_form.html",
            {"community": self.community, "form": form, "channel": None},
        )

    def get(self, request, slug):
        return self.render_form(ChannelForm())

    def post(self, request, slug):
        form = ChannelForm(request.POST)
        if form.is_valid():
            try:
                channel = services.channel_create(
                    community=self.community, actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                _errors(form, error)
            else:
                messages.success(request, _("The channel “%(name)s” is open.") % {"name": channel})
                return redirect(channel.get_absolute_url())
        return self.render_form(form)


class ChannelUpdateView(ChannelMixin, View):
    permission_required = "discussions.change_channel"

    def render_form(self, form):
        return render(
            self.request,
            "discussions/channel_form.html",
            {"community": self.community, "form": form, "channel": self.channel},
        )

    def get(self, request, slug, channel_id):
        return self.render_form(
            ChannelForm(initial={"name": self.channel.name, "min_circle": self.channel.min_circle})
        )

    def post(self, request, slug, channel_id):
        form = ChannelForm(request.POST)
        if form.is_valid():
            try:
                services.channel_update(channel=self.channel, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                _errors(form, error)
            else:
                messages.success(request, _("The channel is saved."))
                return redirect(self.channel.get_absolute_url())
        return self.render_form(form)


class ChannelArchiveView(ChannelMixin, View):
    permission_required = "discussions.change_channel"
    http_method_names = ["post"]

    def post(self, request, slug, channel_id):
        try:
            if request.POST.get("action") == "unarchive":
                services.channel_unarchive(channel=self.channel, actor=request.user)
                messages.success(request, _("The channel is open again."))
            else:
                services.channel_archive(channel=self.channel, actor=request.user)
                messages.success(request, _("The channel is archived: it stays readable."))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect(self.channel.get_absolute_url())


# --- One channel: history and the post form --------------------------------------------


# An id no row has, in the address reversed once per page for every message.
_PLACEHOLDER = "2147483647"


def _address_for_each(name: str, *, last: str, **kwargs):
    """`name`'s address for any value of its last argument `last`: reversed once,
    then filled in (a page of 50 messages shows up to 4 links each; `{% url %}`
    for each was a sixth of the page's time)."""
    head, tail = reverse(name, kwargs={**kwargs, last: _PLACEHOLDER}).rsplit(_PLACEHOLDER, 1)
    return lambda value: f"{head}{value}{tail}"


class ChannelDetailView(ChannelMixin, View):
    permission_required = "discussions.view_channel"

    def entries(self, page):
        user = self.request.user
        moderator = is_moderator(user, self.channel)
        now = timezone.now()
        where = {"slug": self.community.slug, "channel_id": self.channel.pk}
        edit = _address_for_each("discussions:message_edit", last="message_id", **where)
        delete = _address_for_each("discussions:message_delete", last="message_id", **where)
        hide = _address_for_each("discussions:message_hide", last="message_id", **where)
        mute = _address_for_each("discussions:mute", last="user_id", slug=self.community.slug)
        report = _address_for_each(
            "moderation:report", last="object_id", slug=self.community.slug, kind="message"
        )
        entries = []
        for message in page.messages:
            mine = message.author_id == user.pk
            can_edit = (
                mine
                and not message.deleted_at
                and not message.hidden_at
                and now - message.created_at <= services.EDIT_WINDOW
                and not self.channel.archived_at
            )
            can_hide = moderator and not message.deleted_at and not message.hidden_at
            # An action's link is empty when the viewer may not take it.
            entries.append({
                "message": message,
                "data": for_viewer(
                    message_payload(message), user_id=user.pk, is_moderator=moderator
                ),
                "edit_url": edit(message.pk) if can_edit else "",
                "delete_url": delete(message.pk) if mine and not message.deleted_at else "",
                "report_url": report(message.pk) if not mine and not message.deleted_at else "",
                "hide_url": hide(message.pk) if can_hide else "",
                "mute_url": mute(message.author_id)
                if can_hide and message.author_id and not mine else "",
            })
        return entries

    def render_page(self, form, status=200):
        request = self.request
        page = selectors.channel_history(
            channel=self.channel,
            before=request.GET.get("before"),
            after=request.GET.get("after"),
            around=request.GET.get("around"),
        )
        if page.last_id:
            services.read_mark(channel=self.channel, user=request.user, message_id=page.last_id)
            services.mentions_mark_seen(
                user=request.user, message_ids=[m.pk for m in page.messages]
            )
        can_post = request.user.has_perm("discussions.post_message", self.channel)
        mute = services.active_mute(community=self.community, user=request.user)
        return render(
            request,
            "discussions/channel_detail.html",
            {
                "community": self.community,
                "channel": self.channel,
                "page": page,
                "entries": self.entries(page),
                "form": form,
                "can_post": can_post,
                "mute": mute,
                "is_latest": not page.has_newer,
                "can_change": request.user.has_perm("discussions.change_channel", self.channel),
                "is_moderator": is_moderator(request.user, self.channel),
                "message_max_length": services.MESSAGE_MAX_LENGTH,
                "js_strings": js_strings(),
            },
            status=status,
        )

    def get(self, request, slug, channel_id):
        return self.render_page(MessageForm())

    def post(self, request, slug, channel_id):
        if not request.user.has_perm("discussions.post_message", self.channel):
            raise PermissionDenied
        form = MessageForm(request.POST)
        if form.is_valid():
            try:
                message = services.message_post(
                    channel=self.channel, author=request.user, body=form.cleaned_data["body"]
                )
            except ValidationError as error:
                _errors(form, error)
            else:
                return redirect(f"{self.channel.get_absolute_url()}#message-{message.pk}")
        return self.render_page(form)


# --- Acting on one message --------------------------------------------------------------
