"""The notification centre and the preferences page: thin views over the
selectors and services. Each notification is the recipient's alone (the
rules say so): someone else's id is refused, an unknown id is a 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from terreau.links import safe_next

from . import selectors, services
from .forms import PreferencesForm
from .models import Notification

PAGE_SIZE = 20


def _safe_next(request, fallback: str) -> str:
    return safe_next(request, request.POST.get("next") or request.GET.get("next"), fallback)


class NotificationListView(PermissionRequiredMixin, View):
    permission_required = "notifications.view_notifications"

    def get(self, request):
        unread_only = request.GET.get("show") == "unread"
        paginator = Paginator(
            selectors.notification_list(user=request.user, unread_only=unread_only), PAGE_SIZE
        )
        page = paginator.get_page(request.GET.get("page"))
        return render(
            request,
            "notifications/list.html",
            {"page": page, "notifications": page.object_list, "unread_only": unread_only},
        )


class NotificationMixin(PermissionRequiredMixin):
    """A notification named in the URL: 404 if unknown, 403 if someone else's."""

    @property
    def notification(self) -> Notification:
        if not hasattr(self, "_notification"):
            self._notification = get_object_or_404(Notification, pk=self.kwargs["pk"])
        return self._notification

    def get_permission_object(self):
        return self.notification


class OpenView(NotificationMixin, View):
    """Follow a notification's link: mark it read, then go where it points."""

    permission_required = "notifications.view_notification"

    def get(self, request, pk):
        services.notification_mark_read(notification=self.notification)
        target = self.notification.url
        if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return redirect(target)
        return redirect("notifications:list")


class MarkReadView(NotificationMixin, View):
    permission_required = "notifications.change_notification"
    http_method_names = ["post"]

    def post(self, request, pk):
        services.notification_mark_read(notification=self.notification)
        messages.success(request, _("Notification marked as read."))
        return redirect(_safe_next(request, "notifications:list"))


class MarkAllReadView(PermissionRequiredMixin, View):
    permission_required = "notifications.view_notifications"
    http_method_names = ["post"]

    def post(self, request):
        count = services.notifications_mark_all_read(user=request.user)
        if count:
            messages.success(
                request,
                ngettext(
                    "%(count)d notification marked as read.",
                    "%(count)d notifications marked as read.",
                    count,
                )
                % {"count": count},
            )
        else:
            messages.info(request, _("You had no unread notification."))
        return redirect(_safe_next(request, "notifications:list"))


class PreferencesView(PermissionRequiredMixin, View):
    permission_required = "notifications.change_preferences"

    def render_form(self, form):
        return render(self.request, "notifications/preferences.html", {"form": form})

    def get(self, request):
        return self.render_form(PreferencesForm(current=selectors.preferences_of(request.user)))

    def post(self, request):
        form = PreferencesForm(request.POST, current=selectors.preferences_of(request.user))
        if not form.is_valid():
            return self.render_form(form)
        try:
            services.preferences_set(user=request.user, frequencies=form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.render_form(form)
        messages.success(request, _("Your notification preferences are saved."))
        return redirect("notifications:preferences")
