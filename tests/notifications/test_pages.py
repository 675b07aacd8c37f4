"""The notification centre, its links and the preferences page, as a person sees them."""

import html
import re

import pytest
from django.urls import reverse

from notifications import kinds
from notifications.models import Notification, Preference

from .conftest import make_notifications

pytestmark = pytest.mark.django_db

CENTRE = "/me/notifications/"
PREFERENCES = "/me/notifications/preferences/"


def text_of(response, tag_as=" ") -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", tag_as, response.content.decode()))


@pytest.fixture
def member(people):
    """The engaged member, reading in English (the language saved on their account wins)."""
    member = people["engaged"]
    member.preferred_language = "en"
    member.save(update_fields=["preferred_language"])
    return member


@pytest.fixture
def member_client(login, member):
    return login(member)


def test_urls_are_stable():
    assert reverse("notifications:list") == CENTRE
    assert reverse("notifications:preferences") == PREFERENCES


def test_anonymous_people_are_sent_to_log_in(client):
    for path in (CENTRE, PREFERENCES):
        response = client.get(path)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_the_centre_lists_newest_first_with_unread_in_words(
    member_client, member, people, community
):
    Notification.objects.create(
        recipient=member, kind="mention", actor=people["gardener"], community=community,
        data={"channel": "ancien", "excerpt": "premier"}, url="/communities/",
    )
    Notification.objects.create(
        recipient=member, kind="mention", actor=people["citizen"], community=community,
        data={"channel": "récent", "excerpt": "second"}, url="/events/",
    )
    Notification.objects.filter(data__channel="ancien").update(read_at="2026-01-01T10:00Z")

    text = text_of(member_client.get(CENTRE))

    # the newest first, unread said in words, each with its community and age
    assert text.index("#récent") < text.index("#ancien")
    assert text.count("New:") == 1
    assert "mentioned you in #récent: “second”" in text
    assert "Biodiversité" in text and "ago" in text
    # one "mark as read" button, for the unread one, named after it
    assert text.count("Mark as read") == 1


def test_the_header_counts_unread_notifications_on_every_page(member_client, member):
    make_notifications(member, 3)
    make_notifications(member, 2, read=True)
    for path in ("/communities/", "/events/", CENTRE):
        text = text_of(member_client.get(path), tag_as="")
        assert "Notifications (3 unread)" in text, path


def test_the_header_shows_no_count_when_all_is_read(member_client, member):
    make_notifications(member, 2, read=True)
    text = text_of(member_client.get("/communities/"))
    assert "Notifications" in text and "unread)" not in text


def test_filter_unread_and_pagination(member_client, member):
    make_notifications(member, 25)
    make_notifications(member, 5, read=True)

    unread = member_client.get(CENTRE + "?show=unread")
    assert len(unread.context["notifications"]) == 20
    assert unread.context["page"].paginator.count == 25
    assert 'aria-current="page">Unread only' in unread.content.decode().replace("\n", "")

    second = member_client.get(CENTRE + "?show=unread&page=2")
    assert len(second.context["notifications"]) == 5
    # bad filter or page values fall back, never a 500
    assert member_client.get(CENTRE + "?show=nonsense&page=abc").status_code == 200
    assert member_client.get(CENTRE + "?page=999").context["page"].number == 2


def test_opening_marks_read_and_follows_the_link(member_client, member):
    [notification] = make_notifications(member, 1)
    response = member_client.get(reverse("notifications:open", kwargs={"pk": notification.pk}))
    assert response.status_code == 302
    assert response["Location"] == notification.url
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_an_outside_link_is_not_followed(member_client, member):
    [notification] = make_notifications(member, 1)
    Notification.objects.filter(pk=notification.pk).update(url="https://evil.example/")
    response = member_client.get(reverse("notifications:open", kwargs={"pk": notification.pk}))
    assert response["Location"] == CENTRE


def test_someone_elses_notification_is_refused_and_a_forged_id_is_404(login, people, member):
    [notification] = make_notifications(member, 1)
    intruder = login(people["staff"])
    for name, method in (("open", "get"), ("read", "post")):
        path = reverse(f"notifications:{name}", kwargs={"pk": notification.pk})
        assert getattr(intruder, method)(path).status_code == 403
        forged = reverse(f"notifications:{name}", kwargs={"pk": notification.pk + 999})
        assert getattr(intruder, method)(forged).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_one_then_all_as_read(member_client, member):
    first, *others = make_notifications(member, 3)
    response = member_client.post(
        reverse("notifications:read", kwargs={"pk": first.pk}), {"next": CENTRE + "?show=unread"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == CENTRE + "?show=unread"
    assert "Notification marked as read." in text_of(response)
    assert Notification.objects.filter(read_at__isnull=True).count() == 2

    response = member_client.post(reverse("notifications:read_all"), follow=True)
    assert "2 notifications marked as read." in text_of(response)
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    # marking read needs a POST
    assert member_client.get(reverse("notifications:read_all")).status_code == 405


def test_mark_all_does_not_touch_other_peoples(member_client, member, people):
    make_notifications(member, 2)
    make_notifications(people["citizen"], 2)
    member_client.post(reverse("notifications:read_all"))
    assert Notification.objects.filter(recipient=people["citizen"], read_at=None).count() == 2


def test_a_missing_kind_template_shows_the_kinds_label(member_client, member, monkeypatch):
    monkeypatch.setitem(kinds.KINDS, "test_untemplated", kinds.Kind("test_untemplated", "A test kind"))
    make_notifications(member, 1, kind="test_untemplated")
    make_notifications(member, 1, kind="a_kind_removed_since")
    text = text_of(member_client.get(CENTRE))
    assert "A test kind" in text
    assert "A notification" in text


def test_the_centre_is_rendered_in_the_readers_language(member_client, member, people):
    Notification.objects.create(recipient=member, kind="mention", actor=people["gardener"],
                                data={"channel": "général"})
    assert "mentioned you in #général" in text_of(member_client.get(CENTRE))
    # the same stored row reads in French for a French reader ("Notifications" is translated)
    member.preferred_language = "fr"
    member.save(update_fields=["preferred_language"])
    page = member_client.get(CENTRE)
    assert page.context["LANGUAGE_CODE"] == "fr"
    assert '<html lang="fr">' in page.content.decode()


# --- Preferences ------------------------------------------------------------------------


def test_preferences_show_every_kind_with_three_choices(member_client):
    response = member_client.get(PREFERENCES)
    page = response.content.decode()
    choosable = kinds.choosable()
    assert page.count("<fieldset") == len(choosable)
    for kind in choosable.values():
        assert str(kind.label) in html.unescape(page)  # "a call's deadline": escaped
    assert page.count('type="radio"') == 3 * len(choosable)
    # transactional kinds (a seat and its calendar file) are always e-mailed: not a choice
    assert str(kinds.KINDS["registration_confirmed"].label) not in page
    # the defaults are checked: mentions immediately, new needs daily
    assert re.search(r'name="mention" value="immediately"[^>]*checked', page)
    assert re.search(r'name="need_new" value="daily"[^>]*checked', page)


def test_saving_preferences(member_client, member):
    data = {key: kind.default for key, kind in kinds.choosable().items()}
    data.update(mention="never", need_new="immediately")
    response = member_client.post(PREFERENCES, data, follow=True)
    assert "Your notification preferences are saved." in text_of(response)
    assert dict(Preference.objects.filter(user=member).values_list("kind", "frequency")) == {
        "mention": "never", "need_new": "immediately",
    }
    # back to the default: the row goes, the default applies again
    data.update(mention="immediately")
    member_client.post(PREFERENCES, data)
    assert dict(Preference.objects.filter(user=member).values_list("kind", "frequency")) == {
        "need_new": "immediately",
    }


def test_bad_preferences_change_nothing_and_say_why(member_client, member):
    data = {key: kind.default for key, kind in kinds.choosable().items()}
    data.update(mention="sometimes")
    del data["need_new"]
    response = member_client.post(PREFERENCES, data)
    assert response.status_code == 200
    text = text_of(response)
    assert "Nothing was saved" in text
    assert "Choose immediately, in a daily digest, or never." in text
    assert "Choose how this kind of notification reaches you." in text
    assert not Preference.objects.exists()


def test_the_profile_links_to_the_preferences(member_client):
    assert PREFERENCES in member_client.get(reverse("accounts:profile")).content.decode()


@pytest.mark.parametrize("pk", ["0", "99999999999999999999999"])
def test_absurd_ids_are_404(member_client, pk):
    assert member_client.get(f"/me/notifications/{pk}/open/").status_code == 404
    assert member_client.post(f"/me/notifications/{pk}/read/").status_code == 404
