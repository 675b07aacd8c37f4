"""The pages: gardeners write and send, members contribute, readers read."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from communities.models import Circle
from newsletters.models import AudienceCircle, Letter, Section, Subscription
from tests.factories import CommunityFactory, MembershipFactory
from tests.space import home_of, panel

from .factories import LetterFactory, SectionFactory, subscribe
from .test_services import _png

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- The gardeners' list and opening a letter ------------------------------------------------


def test_the_community_letters_page_is_for_its_gardeners(client, people, community, letter):
    url = reverse("newsletters:community", args=[community.slug])
    assert client.get(url).status_code == 302  # to log in
    client.force_login(people["engaged"])
    assert client.get(url).status_code == 403
    client.force_login(people["gardener"])
    response = client.get(url)
    assert response.status_code == 200
    assert letter.title in response.content.decode()


def test_a_gardener_opens_a_letter_and_the_call_leaves(client, people, community, outbox,
                                                       django_capture_on_commit_callbacks):
    client.force_login(people["gardener"])
    url = reverse("newsletters:create", args=[community.slug])
    assert client.get(url).status_code == 200
    deadline = (timezone.localtime() + dt.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {
            "title": "Lettre d'été", "planned_for": (timezone.localdate()
                                                      + dt.timedelta(days=9)).isoformat(),
            "contributions_until": deadline, "invite_informed": "on", "intro": "Bonjour !",
        })
    letter = Letter.objects.get()
    assert response.status_code == 302 and response["Location"] == letter.get_absolute_url()
    assert letter.invited_circle == Circle.INFORMED and letter.intro == "<p>Bonjour !</p>"
    assert len(outbox) == 2


def test_a_bad_letter_form_says_why_and_creates_nothing(client, people, community):
    client.force_login(people["gardener"])
    response = client.post(reverse("newsletters:create", args=[community.slug]), {
        "title": "X", "planned_for": timezone.localdate().isoformat(),
        "contributions_until": "2001-01-01T10:00",
    })
    assert response.status_code == 400
    assert "The deadline for contributions must be in the future." in response.content.decode()
    assert not Letter.objects.exists()


# --- The letter's page: editing page or call page ---------------------------------------------


def test_the_letter_page_is_the_editing_page_for_gardeners(client, people, letter):
    mine = SectionFactory(letter=letter, author=people["engaged"], title="Jardins")
    client.force_login(people["gardener"])
    response = client.get(letter.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert "Jardins" in body and 'action="%s"' % reverse("newsletters:section_decide",
                                                          args=[mine.pk]) in body
    assert "Send me a test" in body


def test_an_invited_member_sees_the_call_and_only_their_own_sections(client, people, letter):
    SectionFactory(letter=letter, author=people["engaged"], title="Mine",
                   state=Section.State.CHANGES_REQUESTED, gardener_comment="Plus court ?")
    SectionFactory(letter=letter, title="Someone else's")
    client.force_login(people["engaged"])
    body = client.get(letter.get_absolute_url()).content.decode()
    assert "Mine" in body and "Plus court ?" in body and "Someone else" not in body
    assert reverse("newsletters:section_create", args=[letter.pk]) in body


@pytest.mark.parametrize("role", ["citizen", "informed", "other_gardener"])
def test_people_outside_the_call_are_refused(client, people, letter, role):
    client.force_login(people[role])
    assert client.get(letter.get_absolute_url()).status_code == 403
    assert client.get(reverse("newsletters:section_create", args=[letter.pk])).status_code == 403


def test_an_unknown_letter_is_a_404(client, people):
    client.force_login(people["gardener"])
    assert client.get(reverse("newsletters:letter", args=[999999])).status_code == 404


# --- Sections -------------------------------------------------------------------------------------


def test_a_member_proposes_a_section_with_an_image(client, people, letter):
    client.force_login(people["engaged"])
    url = reverse("newsletters:section_create", args=[letter.pk])
    body = client.get(url).content.decode()
    assert 'enctype="multipart/form-data"' in body and "data-rich-text" in body
    response = client.post(url, {
        "title": "Semis", "body": "<p>On sème <strong>ensemble</strong>.</p>",
        "image": SimpleUploadedFile("s.png", _png(), content_type="image/png"),
        "image_alt": "Des godets", "event": "",
    })
    assert response.status_code == 302
    section = Section.objects.get()
    assert (section.author, section.image_alt) == (people["engaged"], "Des godets")


def test_the_event_picker_shows_only_the_events_the_member_may_see(client, people, letter):
    from events.models import Event
    from tests.events.factories import EventFactory

    letter.invited_circle = Circle.INFORMED  # the call went to the informed circle too
    letter.save(update_fields=["invited_circle"])

    EventFactory(community=letter.community, title="Assemblée du noyau",
                 audience=Event.Audience.CIRCLES, for_engaged=True)
    EventFactory(community=letter.community, title="Balade publique")
    url = reverse("newsletters:section_create", args=[letter.pk])

    client.force_login(people["informed"])
    informed_page = client.get(url).content.decode()
    client.force_login(people["engaged"])
    engaged_page = client.get(url).content.decode()

    assert "Balade publique" in informed_page and "Assemblée du noyau" not in informed_page
    assert "Balade publique" in engaged_page and "Assemblée du noyau" in engaged_page


def test_a_section_with_a_tracking_pixel_is_refused_on_the_form(client, people, letter):
    client.force_login(people["engaged"])
    response = client.post(reverse("newsletters:section_create", args=[letter.pk]), {
        "title": "Semis", "body": '<p>Hi</p><img src="https://t.example/p.gif">',
    })
    assert response.status_code == 400
    assert "they can track who reads the letter" in response.content.decode()
    assert not Section.objects.exists()


def test_the_author_revises_and_someone_else_cannot(client, people, letter, community):
    section = SectionFactory(letter=letter, author=people["engaged"],
                             state=Section.State.CHANGES_REQUESTED)
    url = reverse("newsletters:section_update", args=[section.pk])
    other = MembershipFactory(community=community, circle=Circle.ENGAGED).user
    client.force_login(other)
    assert client.post(url, {"title": "Pirate", "body": "x"}).status_code == 403
    client.force_login(people["engaged"])
    assert client.get(url).status_code == 200
    assert client.post(url, {"title": "Revu", "body": "Nouveau texte"}).status_code == 302
    section.refresh_from_db()
    assert (section.title, section.state) == ("Revu", Section.State.PROPOSED)


def test_gardeners_decide_and_a_missing_comment_is_explained(client, people, letter):
    section = SectionFactory(letter=letter, author=people["engaged"])
    client.force_login(people["gardener"])
    url = reverse("newsletters:section_decide", args=[section.pk])
    response = client.post(url, {"decision": "decline", "comment": ""}, follow=True)
    assert "Write a short comment: the author will read it." in _messages(response)
    section.refresh_from_db()
    assert section.state == Section.State.PROPOSED
    response = client.post(url, {"decision": "accept"}, follow=True)
    assert "The section is accepted." in _messages(response)
    section.refresh_from_db()
    assert section.state == Section.State.ACCEPTED


def test_the_author_cannot_decide_on_their_own_section(client, people, letter):
    section = SectionFactory(letter=letter, author=people["engaged"])
    client.force_login(people["engaged"])
    url = reverse("newsletters:section_decide", args=[section.pk])
    assert client.post(url, {"decision": "accept"}).status_code == 403


def test_up_and_down_buttons_reorder(client, people, letter):
    a = SectionFactory(letter=letter, state="accepted", position=1)
    b = SectionFactory(letter=letter, state="accepted", position=2)
    client.force_login(people["gardener"])
    client.post(reverse("newsletters:section_move", args=[b.pk]), {"direction": "up"})
    assert list(letter.sections.values_list("pk", flat=True)) == [b.pk, a.pk]


# --- Preview and test ------------------------------------------------------------------------------


def test_the_preview_shows_the_web_and_the_email_renderings(client, people, letter):
    SectionFactory(letter=letter, state="accepted", title="Accepted one")
    SectionFactory(letter=letter, state="proposed", title="Still proposed")
    client.force_login(people["gardener"])
    body = client.get(reverse("newsletters:preview", args=[letter.pk])).content.decode()
    assert "Accepted one" in body and "Still proposed" not in body
    assert reverse("newsletters:preview_email", args=[letter.pk]) in body
    response = client.get(reverse("newsletters:preview_email", args=[letter.pk]))
    html = response.content.decode()
    assert "Accepted one" in html and 'style="' in html and "<style>" in html  # media queries
    assert "script-src 'none'" in response["Content-Security-Policy"]
    client.force_login(people["engaged"])
    assert client.get(reverse("newsletters:preview", args=[letter.pk])).status_code == 403


def test_send_me_a_test_goes_to_the_gardener_only(client, people, letter, outbox,
                                                  django_capture_on_commit_callbacks):
    SectionFactory(letter=letter, state="accepted", title="Accepted one")
    client.force_login(people["gardener"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("newsletters:send_test", args=[letter.pk]))
    [message] = outbox
    assert people["gardener"].email in message.to[0]
    assert message.subject.startswith("[Test]")
    assert "Accepted one" in message.alternatives[0][0]
    assert not letter.deliveries.exists()


# --- Audience and sending -----------------------------------------------------------------------------


def test_the_audience_page_counts_and_keeps_gardeners_in_their_community(client, people, letter,
                                                                         other_community):
    subscribe(people["engaged"], letter.community)
    client.force_login(people["gardener"])
    url = reverse("newsletters:audience", args=[letter.pk])
    body = client.get(url).content.decode()
    assert "1 person will receive this letter." in body
    assert other_community.name not in body
    response = client.post(url, {"circles": [f"{other_community.pk}:{Circle.ENGAGED}"]})
    assert response.status_code == 400
    assert set(letter.audience.values_list("community_id", flat=True)) == {letter.community_id}
    response = client.post(url, {"circles": []})
    assert "Choose at least one circle to send the letter to." in response.content.decode()
    assert letter.audience.count() == 2


def test_the_cultivator_sends_to_circles_of_several_communities(client, people, letter,
                                                                other_community):
    # Invited as a contributor by the letter's community's pair (issue #16).
    from roles.services import contributor_invite

    contributor_invite(community=letter.community, person=people["cultivator"],
                       actor=people["gardener"])
    client.force_login(people["cultivator"])
    url = reverse("newsletters:audience", args=[letter.pk])
    assert other_community.name in client.get(url).content.decode()
    response = client.post(url, {"circles": [f"{other_community.pk}:{Circle.ENGAGED}",
                                             f"{letter.community.pk}:{Circle.CITIZENS}"]})
    assert response.status_code == 302
    assert set(letter.audience.values_list("community_id", "circle")) == {
        (other_community.pk, Circle.ENGAGED), (letter.community.pk, Circle.CITIZENS)}


def test_send_now_says_how_many_then_sends(client, people, letter, subscribers, outbox,
                                           django_capture_on_commit_callbacks):
    SectionFactory(letter=letter, state="accepted")
    subscribers(3)
    client.force_login(people["gardener"])
    url = reverse("newsletters:send", args=[letter.pk])
    assert "3 people will receive this letter." in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "Sending has started." in _messages(response)
    assert len(outbox) == 3
    letter.refresh_from_db()
    assert letter.state == Letter.State.SENT
    progress = client.get(reverse("newsletters:progress", args=[letter.pk])).json()
    assert progress == {"total": 3, "sent": 3, "failed": 0, "pending": 0, "percent": 100,
                             "state": "sent", "state_label": "sent"}
    page = client.get(letter.get_absolute_url()).content.decode()
    assert re.search(r'<progress[^>]*max="3"[^>]*value="3"', page)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "This letter was already sent." in _messages(response)
    assert len(outbox) == 3


def test_scheduling_in_the_past_from_the_page(client, people, letter, subscribers):
    SectionFactory(letter=letter, state="accepted")
    subscribers(1)
    client.force_login(people["gardener"])
    response = client.post(reverse("newsletters:schedule", args=[letter.pk]),
                           {"when": "2001-05-01T10:00"}, follow=True)
    assert "Choose a moment at least two minutes from now." in _messages(response)
    letter.refresh_from_db()
    assert letter.state == Letter.State.CALL_OPEN


def test_progress_is_for_the_gardeners(client, people, letter):
    url = reverse("newsletters:progress", args=[letter.pk])
    client.force_login(people["engaged"])
    assert client.get(url).status_code == 403


# --- Subscriptions and unsubscribing --------------------------------------------------------------------


def test_the_subscriptions_page_toggles_per_community(client, people, community):
    client.force_login(people["engaged"])
    url = reverse("newsletters:subscriptions")
    body = client.get(url).content.decode()
    assert community.name in body and "You do not receive its letters." in body
    client.post(url, {"community": community.slug, "subscribed": "1"})
    assert Subscription.objects.get(user=people["engaged"]).subscribed
    client.post(url, {"community": community.slug, "subscribed": "0"})
    assert not Subscription.objects.get(user=people["engaged"]).subscribed
    assert client.post(url, {"community": "nope", "subscribed": "1"}).status_code == 404


def test_one_click_unsubscribe_without_login_or_csrf(people, community):
    from django.test import Client

    from newsletters import rendering

    subscribe(people["engaged"], community)
    url = rendering.unsubscribe_url(user_id=people["engaged"].pk, community_id=community.pk)
    path = url.split("://", 1)[1].split("/", 1)[1]
    client = Client(enforce_csrf_checks=True)
    page = client.get("/" + path)
    assert page.status_code == 200 and "Stop receiving the letters" in page.content.decode()
    assert Subscription.objects.get(user=people["engaged"]).subscribed  # GET changes nothing
    response = client.post("/" + path, "List-Unsubscribe=One-Click",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert not Subscription.objects.get(user=people["engaged"]).subscribed


def test_a_forged_unsubscribe_link_is_refused_clearly(client, people, community):
    subscribe(people["engaged"], community)
    response = client.post(reverse("newsletters:unsubscribe", args=[f"{people['engaged'].pk}.{community.pk}:forged"]))
    assert response.status_code == 400
    assert "This unsubscribe link is not valid." in response.content.decode()
    assert Subscription.objects.get(user=people["engaged"]).subscribed


# --- Web version and archive --------------------------------------------------------------------------


def test_web_version_and_archive_follow_the_audience(client, people, community):
    public = LetterFactory(community=community, state="sent", title="Public one",
                           circles=[Circle.CITIZENS], sent_at=timezone.now())
    inner = LetterFactory(community=community, state="sent", title="Engaged one",
                          circles=[Circle.ENGAGED], sent_at=timezone.now())
    LetterFactory(community=community, title="Draft one")
    archive = reverse("newsletters:archive", args=[community.slug])
    body = client.get(archive).content.decode()
    assert "Public one" in body and "Engaged one" not in body and "Draft one" not in body
    assert 'rel="alternate" type="application/rss+xml"' in body
    assert client.get(reverse("newsletters:web", args=[public.pk])).status_code == 200
    assert client.get(reverse("newsletters:web", args=[inner.pk])).status_code == 302
    client.force_login(people["citizen"])
    assert client.get(reverse("newsletters:web", args=[inner.pk])).status_code == 403
    client.force_login(people["engaged"])
    body = client.get(archive).content.decode()
    assert "Public one" in body and "Engaged one" in body
    assert client.get(reverse("newsletters:web", args=[inner.pk])).status_code == 200
    # The letter page of a sent letter leads readers to its web version.
    response = client.get(inner.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == reverse("newsletters:web", args=[inner.pk])


def test_a_letters_page_says_which_circles_it_was_sent_to(client, people, community,
                                                       other_community):
    """The pair of a community the cultivator's letter went to reads it, and
    reads that its own community's circle received it."""
    letter = LetterFactory(community=community, state="sent", title="Across",
                           circles=[Circle.ENGAGED], sent_at=timezone.now())
    AudienceCircle.objects.create(letter=letter, community=other_community,
                                  circle=Circle.INFORMED)
    client.force_login(people["other_gardener"])

    body = client.get(reverse("newsletters:web", args=[letter.pk])).content.decode()

    listed = re.search(r"<ul[^>]*data-letter-audience>(.*?)</ul>", body, re.S).group(1)
    assert re.findall(r"<li>(.*?)</li>", listed) == [
        f"{community.name} — engaged", f"{other_community.name} — informed"]


def test_the_letters_panel_lists_what_the_visitor_may_read(people, community):
    LetterFactory(community=community, title="Lettre de printemps", state=Letter.State.SENT,
                  sent_at=timezone.now(), circles=[Circle.CITIZENS, Circle.ENGAGED])
    LetterFactory(community=community, title="Lettre du noyau", state=Letter.State.SENT,
                  sent_at=timezone.now(), circles=[Circle.ENGAGED])
    LetterFactory(community=community, title="Lettre en cours")  # not sent

    anonymous = panel(home_of(people["anonymous"], community), "letters")
    engaged = panel(home_of(people["engaged"], community), "letters")
    gardener = panel(home_of(people["gardener"], community), "letters")

    assert "Lettre de printemps" in anonymous
    assert "Lettre du noyau" not in anonymous  # sent to the engaged circle only
    assert "Lettre du noyau" in engaged
    assert "Lettre en cours" not in anonymous + engaged + gardener
    # The gardeners' way to the letters being written, for them only.
    manage = reverse("newsletters:community", args=[community.slug])
    assert manage in gardener and manage not in engaged


def test_the_feeds_list_public_letters_only(client, community):
    LetterFactory(community=community, state="sent", title="Public one",
                  circles=[Circle.CITIZENS], sent_at=timezone.now())
    LetterFactory(community=community, state="sent", title="Engaged one",
                  circles=[Circle.ENGAGED], sent_at=timezone.now())
    for name, kind in (("newsletters:feed_rss", "rss"), ("newsletters:feed_atom", "feed")):
        response = client.get(reverse(name, args=[community.slug]))
        body = response.content.decode()
        assert response.status_code == 200 and f"<{kind}" in body
        assert "Public one" in body and "Engaged one" not in body


def test_the_archive_feeds_link_to_the_public_address(client, community, settings):
    import xml.etree.ElementTree as ET

    settings.SITE_URL = "https://participation.example.org"
    letter = LetterFactory(community=community, state="sent", circles=[Circle.CITIZENS],
                           sent_at=timezone.now())
    rss = ET.fromstring(client.get(reverse("newsletters:feed_rss", args=[community.slug])).content)

    site = "https://participation.example.org"
    assert rss.findtext("channel/link") == site + reverse("newsletters:archive",
                                                          args=[community.slug])
    assert rss.findtext("channel/item/link") == site + reverse("newsletters:web",
                                                               args=[letter.pk])
    assert "127.0.0.1" not in client.get(
        reverse("newsletters:feed_atom", args=[community.slug])).content.decode()


def test_markup_in_a_letter_title_never_reaches_a_feed_reader_as_markup(client, community):
    import xml.etree.ElementTree as ET

    LetterFactory(community=community, state="sent", circles=[Circle.CITIZENS],
                  title="<img src=x onerror=alert(1)> & co", intro="<script>x()</script>",
                  sent_at=timezone.now())

    rss = ET.fromstring(client.get(reverse("newsletters:feed_rss", args=[community.slug])).content)
    item = rss.find("channel/item")
    # the reader, which decodes the XML then reads HTML, sees the text as typed
    assert item.findtext("title") == "&lt;img src=x onerror=alert(1)&gt; &amp; co"
    assert item.findtext("description") == "<p>&lt;script&gt;x()&lt;/script&gt;</p>"

    atom = ET.fromstring(client.get(reverse("newsletters:feed_atom", args=[community.slug])).content)
    ns = "{http://www.w3.org/2005/Atom}"
    entry = atom.find(f"{ns}entry")
    assert entry.findtext(f"{ns}title") == "<img src=x onerror=alert(1)> & co"  # type text
    assert entry.find(f"{ns}summary").get("type") == "html"
    assert entry.findtext(f"{ns}summary") == "<p>&lt;script&gt;x()&lt;/script&gt;</p>"


def test_a_cultivators_letter_appears_in_each_communitys_archive(client, community):
    elsewhere = CommunityFactory()
    LetterFactory(community=elsewhere, state="sent", title="Across communities",
                  circles=[], sent_at=timezone.now()).audience.create(
        community=community, circle=Circle.CITIZENS)
    body = client.get(reverse("newsletters:archive", args=[community.slug])).content.decode()
    assert "Across communities" in body
