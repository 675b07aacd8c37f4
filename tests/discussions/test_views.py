"""The pages, without JavaScript: what each role gets, and bad input."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from discussions import services
from discussions.models import Channel, Message, Mute
from communities.models import Circle
from moderation.models import Report
from tests.factories import CommunityFactory

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "citizen", "informed", "engaged", "gardener", "other_gardener", "cultivator", "staff")


def url(name, channel=None, message=None, **kwargs):
    if channel is not None:
        kwargs.setdefault("slug", channel.community.slug)
        kwargs["channel_id"] = channel.pk
    if message is not None:
        kwargs["message_id"] = message.pk
    return reverse(f"discussions:{name}", kwargs=kwargs)


def status_by_role(people, login, path, method="get", data=None):
    result = {}
    for role in ROLES:
        client = login(people[role])
        response = getattr(client, method)(path, data or {})
        result[role] = response.status_code
        client.logout()
    return result


def expect(ok_roles, ok=200):
    """Anonymous people are sent to log in; others without the right get 403."""
    return {
        role: ok if role in ok_roles else (302 if role == "anonymous" else 403) for role in ROLES
    }


MEMBERS_AND_MODERATORS = {"citizen", "informed", "engaged", "gardener", "staff"}


def test_channel_list_by_role(people, login, community):
    assert status_by_role(people, login, url("list", slug=community.slug)) == expect(
        MEMBERS_AND_MODERATORS
    )
    assert Channel.objects.filter(community=community, is_general=True).count() == 1


def test_channel_list_shows_unread_and_hides_inner_channels(people, login, community, general, engaged_channel):
    services.message_post(channel=general, author=people["engaged"], body="Bonjour")
    response = login(people["citizen"]).get(url("list", slug=community.slug))
    content = response.content.decode()
    assert general.name in content and "1 unread" in content or "1 non lu" in content
    assert engaged_channel.name not in content


def test_channel_page_by_role(people, login, engaged_channel):
    assert status_by_role(people, login, url("detail", engaged_channel)) == expect(
        {"engaged", "gardener", "staff"}
    )


def test_unknown_or_foreign_channel_is_404(people, login, community, general):
    client = login(people["citizen"])
    assert client.get(url("detail", slug=community.slug, channel_id=999999)).status_code == 404
    elsewhere = services.general_channel_ensure(community=CommunityFactory())
    assert client.get(url("detail", slug=community.slug, channel_id=elsewhere.pk)).status_code == 404
    assert client.get(url("list", slug="nowhere")).status_code == 404


def test_post_without_javascript(people, login, general):
    client = login(people["citizen"])
    response = client.post(url("detail", general), {"body": "Bonjour <b>tous</b> https://exemple.fr/a?b=1."})
    message = Message.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#message-{message.pk}")
    page = client.get(url("detail", general)).content.decode()
    assert "Bonjour &lt;b&gt;tous&lt;/b&gt;" in page
    assert '<a href="https://exemple.fr/a?b=1" rel="nofollow noopener ugc">' in page
    assert "<b>tous</b>" not in page


def test_script_in_a_message_is_escaped(people, login, general):
    client = login(people["citizen"])
    client.post(url("detail", general), {"body": '<script>alert(1)</script> javascript:alert(1) "x'})
    page = client.get(url("detail", general)).content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;" in page


def test_mentions_are_highlighted(people, login, general):
    client = login(people["citizen"])
    client.post(url("detail", general), {"body": "Merci @engaged !"})
    page = client.get(url("detail", general)).content.decode()
    assert '<mark class="mention">@engaged</mark>' in page


def test_post_by_role(people, login, engaged_channel):
    result = status_by_role(people, login, url("detail", engaged_channel), "post", {"body": "Salut"})
    assert result == expect({"engaged", "gardener", "staff"}, ok=302)
    assert Message.objects.count() == 3


@pytest.mark.parametrize(
    "data, error",
    [
        ({"body": ""}, "This field is required"),
        ({"body": "   "}, "This field is required"),
        ({"body": "x" * 4001}, "4000"),
        ({}, "This field is required"),
    ],
)
def test_post_bad_input_is_explained(people, login, general, data, error, settings):
    settings.LANGUAGE_CODE = "en"
    client = login(people["citizen"])
    response = client.post(url("detail", general), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert not Message.objects.exists()


def test_rate_limit_message_in_the_page(people, login, general):
    client = login(people["citizen"])
    for n in range(10):
        assert client.post(url("detail", general), {"body": f"n°{n}"}).status_code == 302
    response = client.post(url("detail", general), {"body": "encore"})
    assert response.status_code == 200
    assert "10" in response.content.decode() and Message.objects.count() == 10
    # What was typed is kept in the form.
    assert "encore" in response.content.decode()


def test_archived_channel_has_no_form_and_refuses_posts(people, login, archived_channel):
    client = login(people["citizen"])
    page = client.get(url("detail", archived_channel)).content.decode()
    assert 'id="chat-form"' not in page
    assert client.post(url("detail", archived_channel), {"body": "Hé"}).status_code == 403


def test_history_pages(people, login, general):
    Message.objects.bulk_create([Message(channel=general, author=people["engaged"], body=f"m{i}") for i in range(60)])
    ids = list(Message.objects.order_by("id").values_list("id", flat=True))
    client = login(people["citizen"])
    page = client.get(url("detail", general)).content.decode()
    assert f"?before={ids[10]}" in page and "m59" in page and ">m9<" not in page
    older = client.get(url("detail", general) + f"?before={ids[10]}").content.decode()
    assert "m9" in older and f"?after={ids[9]}" in older and 'data-live="1"' not in older
    for junk in ("abc", "-1", "99999999999999999999999999"):
        assert client.get(url("detail", general) + f"?before={junk}&around={junk}").status_code == 200


def test_viewing_marks_read(people, login, general, community):
    Message.objects.create(channel=general, author=people["engaged"], body="Nouveau")
    client = login(people["citizen"])
    client.get(url("detail", general))
    [channel] = services_channels(people["citizen"], community)
    assert channel.unread == 0


def services_channels(user, community):
    from discussions import selectors

    return selectors.channels_with_unread(user=user, community=community)


# --- Channel management ----------------------------------------------------------------


def test_create_channel_by_role(people, login, community):
    assert status_by_role(people, login, url("create", slug=community.slug)) == expect({"gardener", "staff"})
    response = login(people["gardener"]).post(
        url("create", slug=community.slug), {"name": "Jardins partagés", "min_circle": Circle.INFORMED}
    )
    channel = Channel.objects.get(name="Jardins partagés")
    assert response.status_code == 302 and channel.min_circle == Circle.INFORMED


@pytest.mark.parametrize("data", [{"name": "", "min_circle": 1}, {"name": "A", "min_circle": 9}, {"name": "Informés", "min_circle": 1}, {}])
def test_create_channel_bad_input(people, login, community, informed_channel, data):
    response = login(people["gardener"]).post(url("create", slug=community.slug), data)
    assert response.status_code == 200
    assert Channel.objects.filter(community=community).count() == 1


def test_update_and_archive_by_role(people, login, informed_channel):
    assert status_by_role(people, login, url("update", informed_channel)) == expect({"gardener", "staff"})
    result = status_by_role(people, login, url("archive", informed_channel), "post")
    assert result == expect({"gardener", "staff"}, ok=302)
    informed_channel.refresh_from_db()
    assert informed_channel.is_archived  # archived by the gardener; staff's second try explained
    client = login(people["gardener"])
    client.post(url("archive", informed_channel), {"action": "unarchive"})
    client.post(url("update", informed_channel), {"name": "Informé·es", "min_circle": Circle.ENGAGED})
    informed_channel.refresh_from_db()
    assert (informed_channel.name, informed_channel.min_circle, informed_channel.is_archived) == (
        "Informé·es",
        Circle.ENGAGED,
        False,
    )


# --- Acting on messages -----------------------------------------------------------------


@pytest.fixture
def message(general, people):
    return Message.objects.create(channel=general, author=people["citizen"], body="Premier message")


def test_edit_by_role(people, login, message):
    assert status_by_role(people, login, url("message_edit", message.channel, message)) == expect({"citizen"})
    response = login(people["citizen"]).post(url("message_edit", message.channel, message), {"body": "Corrigé"})
    message.refresh_from_db()
    assert response.status_code == 302 and message.body == "Corrigé" and message.edited_at
    page = login(people["informed"]).get(url("detail", message.channel)).content.decode()
    assert "Corrigé" in page and "(edited)" in page or "(modifié)" in page


def test_edit_too_late_is_explained(people, login, message):
    Message.objects.filter(pk=message.pk).update(created_at=timezone.now() - timedelta(minutes=20))
    response = login(people["citizen"]).post(url("message_edit", message.channel, message), {"body": "Tard"})
    assert response.status_code == 200
    message.refresh_from_db()
    assert message.body == "Premier message"


def test_delete_by_role(people, login, message):
    assert status_by_role(people, login, url("message_delete", message.channel, message)) == expect({"citizen"})
    login(people["citizen"]).post(url("message_delete", message.channel, message))
    message.refresh_from_db()
    assert message.deleted_at and message.body == ""


def test_hide_by_role_and_the_author_reads_why(people, login, message):
    assert status_by_role(people, login, url("message_hide", message.channel, message)) == expect({"gardener", "staff"})
    login(people["gardener"]).post(url("message_hide", message.channel, message), {"reason": "Hors charte"})
    message.refresh_from_db()
    assert message.hidden_reason == "Hors charte"
    author_page = login(people["citizen"]).get(url("detail", message.channel)).content.decode()
    assert "Hors charte" in author_page and "Premier message" in author_page
    other_page = login(people["informed"]).get(url("detail", message.channel)).content.decode()
    assert "Hors charte" not in other_page and "Premier message" not in other_page


def test_hide_needs_a_reason(people, login, message):
    response = login(people["gardener"]).post(url("message_hide", message.channel, message), {"reason": ""})
    assert response.status_code == 200
    message.refresh_from_db()
    assert message.hidden_at is None


def report_form(message):
    return reverse("moderation:report", kwargs={
        "slug": message.channel.community.slug, "kind": "message", "object_id": message.pk})


def test_a_message_is_reported_with_the_queues_form(people, login, message):
    assert status_by_role(people, login, report_form(message)) == expect(
        {"informed", "engaged", "gardener", "staff"}
    )
    # the former form's address leads there (a bookmark, a page open since)
    old = url("message_report", message.channel, message)
    response = login(people["informed"]).get(old)
    assert (response.status_code, response["Location"]) == (301, report_form(message))
    assert login(people["informed"]).post(old, {"reason": "spam"}).status_code == 308
    # the message's own "Report" action links the queue's form
    page = login(people["informed"]).get(url("detail", message.channel)).content.decode()
    assert f'href="{report_form(message)}"' in page
    login(people["informed"]).post(report_form(message), {"reason": "spam"})
    response = login(people["informed"]).post(report_form(message), {"reason": "spam"})
    assert response.status_code == 200  # "already reported", explained
    assert Report.objects.count() == 1


def test_forged_message_ids_are_404(people, login, message, engaged_channel):
    client = login(people["citizen"])
    inner = Message.objects.create(channel=engaged_channel, author=people["engaged"], body="secret")
    # A message of another channel, addressed through a channel one can see.
    forged = reverse(
        "discussions:message_edit",
        kwargs={"slug": message.channel.community.slug, "channel_id": message.channel_id, "message_id": inner.pk},
    )
    assert client.get(forged).status_code == 404
    assert client.post(forged, {"body": "x"}).status_code == 404
    inner.refresh_from_db()
    assert inner.body == "secret"


# --- Moderation pages ---------------------------------------------------------------------


def test_the_mutes_page_leads_reports_to_the_queue(people, login, community, message):
    services.message_report(message=message, reporter=people["informed"], reason="Spam")
    assert status_by_role(people, login, url("reports", slug=community.slug)) == expect({"gardener", "staff"})
    page = login(people["gardener"]).get(url("reports", slug=community.slug)).content.decode()
    queue = reverse("moderation:queue", kwargs={"slug": community.slug})
    assert f'href="{queue}"' in page
    assert str(people["informed"]) not in page  # reporters are never named
    channels = login(people["gardener"]).get(url("list", slug=community.slug)).content.decode()
    assert f'href="{queue}"' in channels


def test_mute_by_role(people, login, community):
    target = people["citizen"]
    path = url("mute", slug=community.slug, user_id=target.pk)
    assert status_by_role(people, login, path) == expect({"gardener", "staff"})
    response = login(people["gardener"]).post(path, {"duration": "1d", "reason": "Insultes"})
    assert response.status_code == 302
    mute = Mute.objects.get()
    assert mute.user == target and mute.until > timezone.now() + timedelta(hours=23)
    login(people["gardener"]).post(path, {"action": "unmute"})
    mute.refresh_from_db()
    assert mute.until <= timezone.now()


def test_a_second_mute_replaces_the_first_and_unmuting_twice_is_told(in_english, people, login,
                                                                   community):
    target = people["citizen"]
    path = url("mute", slug=community.slug, user_id=target.pk)
    client = login(people["gardener"])
    client.post(path, {"duration": "1d", "reason": "Insultes"})
    page = client.get(path).content.decode()
    assert "A new mute replaces this one." in page
    client.post(path, {"duration": "1h", "reason": "Hors sujet"})
    listed = client.get(url("reports", slug=community.slug)).content.decode()
    assert listed.count("Hors sujet") == 1 and "Insultes" not in listed
    page = client.post(path, {"action": "unmute"}, follow=True).content.decode()
    assert f"{target} can write again." in page
    page = client.post(path, {"action": "unmute"}, follow=True).content.decode()
    assert f"{target} is not muted." in page
    assert f"{target} can write again." not in page


@pytest.mark.parametrize("data", [{"duration": "forever", "reason": "x"}, {"duration": "1h", "reason": ""}, {}])
def test_mute_bad_input(people, login, community, data):
    path = url("mute", slug=community.slug, user_id=people["citizen"].pk)
    assert login(people["gardener"]).post(path, data).status_code == 200
    assert not Mute.objects.exists()
    assert login(people["gardener"]).get(url("mute", slug=community.slug, user_id=999999)).status_code == 404


def test_mention_emails_are_set_on_the_notification_preferences(people, login, community):
    """The channel list points to the notification preferences; the old address leads there."""
    client = login(people["citizen"])
    page = client.get(url("list", slug=community.slug)).content.decode()
    assert reverse("notifications:preferences") in page
    for method in ("get", "post"):
        response = getattr(client, method)(url("preferences", slug=community.slug))
        assert response.status_code == 302
        assert response["Location"] == reverse("notifications:preferences")


def test_channel_page_query_count_is_constant(people, login, general):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(people["citizen"])
    counts = []
    for size in (2, 30):
        while Message.objects.count() < size:
            message = Message.objects.create(channel=general, author=people["engaged"], body="@citizen m")
            message.mentions.create(user=people["citizen"])
        client.get(url("detail", general))  # the first visit creates the read state
        message = Message.objects.create(channel=general, author=people["engaged"], body="new")
        with CaptureQueriesContext(connection) as context:
            assert client.get(url("detail", general)).status_code == 200
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1], [q["sql"] for q in context.captured_queries]


# --- Broken characters in a form: the field's error, never a server error ------------------


@pytest.mark.parametrize(
    "form, role, field",
    [
        ("post", "citizen", "body"),
        ("edit", "citizen", "body"),
        ("create", "gardener", "name"),
        ("create", "gardener", "min_circle"),
        ("hide", "gardener", "reason"),
        ("report", "informed", "text"),
        ("mute", "gardener", "reason"),
        ("mute", "gardener", "duration"),
    ],
)
def test_a_nul_byte_in_any_channel_form_changes_nothing(people, login, message, community, form, role, field):
    path, fields = {
        "post": (url("detail", message.channel), {"body": "Bonjour"}),
        "edit": (url("message_edit", message.channel, message), {"body": "Corrigé"}),
        "create": (url("create", slug=community.slug), {"name": "Nouveau", "min_circle": "1"}),
        "hide": (url("message_hide", message.channel, message), {"reason": "Hors sujet"}),
        "report": (report_form(message), {"reason": "other", "text": "Insultant"}),
        "mute": (url("mute", slug=community.slug, user_id=people["citizen"].pk), {"duration": "1d", "reason": "Insultes"}),
    }[form]
    fields[field] = "a\x00b"
    # terreau's RejectNullCharactersMiddleware answers 400 (its branded page)
    # before the view; the forms refuse it too (the test below).
    assert login(people[role]).post(path, fields).status_code == 400
    message.refresh_from_db()
    assert (Message.objects.count(), message.body, message.edited_at, message.hidden_at) == (
        1, "Premier message", None, None
    )
    assert not Report.objects.exists() and not Mute.objects.exists()
    assert Channel.objects.filter(community=community).count() == 1


@pytest.mark.parametrize("broken", ["a\x00b", "a\ud800b", "\udfff"])
def test_the_channel_forms_refuse_nul_and_lone_surrogates(broken):
    from discussions.forms import ChannelForm, MessageForm, MuteForm, ReasonForm

    for form, data, field in (
        (MessageForm, {"body": broken}, "body"),
        (ReasonForm, {"reason": broken}, "reason"),
        (ChannelForm, {"name": broken, "min_circle": "1"}, "name"),
        (ChannelForm, {"name": "Nouveau", "min_circle": broken}, "min_circle"),
        (MuteForm, {"duration": broken, "reason": "x"}, "duration"),
    ):
        bound = form(data)
        assert not bound.is_valid() and field in bound.errors, (form, field)
        assert field not in bound.cleaned_data
        # The form shown again (with its errors) can be sent as UTF-8.
        str(bound).encode("utf-8")
        bound.errors.as_text().encode("utf-8")


def test_the_channel_forms_accept_a_replacement_character(people, login, general):
    # A browser's broken bytes (here a UTF-8-encoded surrogate) reach the form
    # as U+FFFD, Django's replacement: stored as typed, no server error.
    response = login(people["citizen"]).post(
        url("detail", general), "body=a%ED%A0%80b", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 302
    assert Message.objects.get().body == "a\ufffd\ufffd\ufffdb"
