"""A local outbox for development: every e-mail is written to OUTBOX_DIR.

Each message is one RFC 5322 `.eml` file, so it can be opened in any mail
client; /dev/outbox/ lists them and shows each one (only when
OUTBOX_PAGE_ENABLED, which local settings turn on).
"""

import email
import email.policy
import re
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.views.decorators.clickjacking import xframe_options_sameorigin

_NAME = re.compile(r"^[0-9A-Za-z_.-]+\.eml$")


class OutboxEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        directory = Path(settings.OUTBOX_DIR)
        directory.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S-%f")
            target = directory / f"{stamp}-{get_random_string(6)}.eml"
            target.write_bytes(message.message().as_bytes(linesep="\n"))
            sent += 1
        return sent


def _outbox_dir() -> Path:
    if not settings.OUTBOX_PAGE_ENABLED:
        raise Http404
    return Path(settings.OUTBOX_DIR)


def _parse(path: Path):
    return email.message_from_bytes(path.read_bytes(), policy=email.policy.default)


def outbox_list(request):
    directory = _outbox_dir()
    files = sorted(directory.glob("*.eml"), reverse=True)[:200] if directory.exists() else []
    messages = []
    for f in files:
        msg = _parse(f)
        messages.append(
            {"name": f.name, "to": msg["To"], "subject": msg["Subject"], "date": msg["Date"]}
        )
    return render(request, "outbox/list.html", {"messages_sent": messages})


def outbox_detail(request, name):
    if not _NAME.match(name):
        raise Http404
    f = _outbox_dir() / name
    if not f.exists():
        raise Http404
    msg = _parse(f)
    text = msg.get_body(preferencelist=("plain",))
    html = msg.get_body(preferencelist=("html",))
    return render(
        request,
        "outbox/detail.html",
        {
            "name": name,
            "headers": [(k, v) for k, v in msg.items()],
            "text": text.get_content() if text else "",
            "has_html": html is not None,
        },
    )


# The site denies framing everywhere (X-Frame-Options: DENY); this page exists
# to be framed by the detail page, so it allows its own origin.
@xframe_options_sameorigin
def outbox_html(request, name):
    """The HTML part alone, shown in a sandboxed frame of the detail page."""
    if not _NAME.match(name):
        raise Http404
    f = _outbox_dir() / name
    if not f.exists():
        raise Http404
    html = _parse(f).get_body(preferencelist=("html",))
    if html is None:
        raise Http404
    response = HttpResponse(html.get_content())
    response["Content-Security-Policy"] = (
        "sandbox; default-src 'none'; img-src * data:; style-src 'unsafe-inline'; "
        "frame-ancestors 'self'"
    )
    return response


urlpatterns = [
    path("", outbox_list, name="outbox"),
    path("<str:name>", outbox_detail, name="outbox_detail"),
    path("<str:name>/html", outbox_html, name="outbox_html"),
]
