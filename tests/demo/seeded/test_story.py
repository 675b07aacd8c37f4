"""The demo tells a story: channels with weeks of history, a letter being
co-written, members who agreed to receive letters, a full event and a past
one, pins spread over the region, illustrated news, and something alive on
every role's first page."""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, F, Max
from django.urls import reverse
from django.utils import timezone
from wagtail.images import get_image_model

from accounts.models import Consent
from cms.models import NewsPage
from communities.models import Community, Membership
from demo.places import BOUNDS, COMMUNES
from directory.models import DirectoryEntry
from discussions.models import Channel, Mention, Message
from events.models import Event, Registration
from newsletters.models import Delivery, Letter, Section, Subscription
from notifications.models import Notification

from .conftest import seed as _seed

DEMO = "@demo.terreau.fr"
User = get_user_model()


def _story_counts():
    return {
        model.__name__: model.objects.count()
        for model in (Message, Mention, Subscription, Consent, Letter, Section, Delivery,
                      DirectoryEntry, get_image_model())
    }


# --- Channels ------------------------------------------------------------------------


def test_the_channels_hold_weeks_of_conversation(seeded):
    now = timezone.now()
    messages = Message.objects.all()
    assert messages.count() >= 200
    oldest, newest = min(m.created_at for m in messages), max(m.created_at for m in messages)
    assert newest - oldest >= dt.timedelta(weeks=4)
    assert oldest >= now - dt.timedelta(weeks=6, days=1)
    assert now - dt.timedelta(days=3) <= newest < now
    for community in Community.objects.all():
        general = Channel.objects.get(community=community, is_general=True)
        assert general.messages.count() >= 40, community
        assert general.messages.values("author").distinct().count() >= 10, community
    group_channel = Channel.objects.get(working_group__name="Semences paysannes")
    assert group_channel.messages.count() >= 15


def test_the_conversation_is_in_french_with_mentions_and_a_correction(seeded):
    bodies = list(Message.objects.values_list("body", flat=True))
    assert not [b for b in bodies if "{" in b or "~>" in b]  # every placeholder filled
    assert not [b for b in bodies if " de A" in b or " de É" in b]  # "d'Albi", "d'Auch"
    assert sum("Bienvenue" in b for b in bodies) >= 4
    edited = Message.objects.exclude(edited_at=None)
    assert edited.count() >= 5
    assert not edited.filter(edited_at__lte=F("created_at")).exists()
    mentions = Mention.objects.select_related("message")
    assert mentions.count() >= 40
    # Each mention is a notification dated like its message; the recent ones are unread.
    for mention in mentions:
        notification = Notification.objects.get(
            kind="mention", recipient=mention.user_id, data__message=mention.message_id
        )
        assert notification.created_at == mention.message.created_at
    assert Notification.objects.filter(
        kind="mention", read_at=None, recipient__email__in=[f"engage{DEMO}", f"citoyen{DEMO}"]
    ).count() >= 2


def test_change_numbers_follow_time_in_every_channel(seeded):
    for channel in Channel.objects.annotate(n=Count("messages")).filter(n__gt=0):
        seqs = list(channel.messages.order_by("created_at", "id").values_list("seq", flat=True))
        assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs), channel
        assert channel.last_seq == channel.messages.aggregate(top=Max("seq"))["top"]
        # One number per post, one more per correction.
        assert channel.last_seq == len(seqs) + channel.messages.exclude(edited_at=None).count()


def test_the_demo_accounts_have_something_new_in_their_channels(seeded):
    general = Channel.objects.get(community__slug="biodiversite", is_general=True)
    for email in (f"engage{DEMO}", f"informe{DEMO}", f"jardinier.territoire{DEMO}"):
        state = general.read_states.get(user__email=email)
        assert general.messages.filter(id__gt=state.last_read_message_id).count() >= 2, email


# --- Letters -------------------------------------------------------------------------


def test_a_letter_is_being_written_by_several_members(seeded):
    letter = Letter.objects.get(state=Letter.State.CALL_OPEN, community__slug="biodiversite")
    assert letter.contributions_until > timezone.now()
    sections = letter.sections.all()
    assert {s.state for s in sections} >= {
        Section.State.PROPOSED, Section.State.ACCEPTED, Section.State.DECLINED,
        Section.State.CHANGES_REQUESTED,
    }
    assert sections.values("author").distinct().count() >= 5
    declined = sections.get(state=Section.State.DECLINED)
    assert declined.gardener_comment and declined.decided_by is not None
    assert sections.filter(author__email=f"informe{DEMO}", state=Section.State.PROPOSED).exists()
    assert Notification.objects.filter(
        kind="contribution_call", recipient__email=f"engage{DEMO}", read_at=None,
        data__letter=letter.title,
    ).exists()


def test_members_agreed_to_receive_letters_and_each_agreement_is_recorded(seeded):
    subscriptions = Subscription.objects.filter(subscribed=True).select_related("community")
    assert subscriptions.count() >= 150
    for community in Community.objects.all():
        assert subscriptions.filter(community=community).count() >= 30, community
    for subscription in subscriptions:
        consent = Consent.objects.get(
            user=subscription.user_id, purpose=Consent.Purpose.LETTERS, withdrawn_at=None,
            scope=f"communities.community:{subscription.community_id}",
        )
        assert consent.given_at == subscription.consented_at
        joined = Membership.objects.get(
            community=subscription.community_id, user=subscription.user_id
        ).joined_at
        assert joined <= subscription.consented_at < timezone.now()
    for account in ("engage", "informe", "citoyen"):
        assert subscriptions.filter(user__email=f"{account}{DEMO}",
                                    community__slug="biodiversite").exists()


def test_the_archive_holds_letters_sent_to_those_who_had_agreed(seeded):
    sent = Letter.objects.filter(state=Letter.State.SENT)
    assert sent.count() >= 2
    for letter in sent:
        assert letter.sent_at < timezone.now() - dt.timedelta(days=7)
        deliveries = Delivery.objects.filter(letter=letter)
        assert deliveries.filter(state=Delivery.State.SENT).count() == letter.recipients_total > 20
        consented = Subscription.objects.filter(
            community=letter.community, user__in=deliveries.values("user")
        )
        assert not consented.filter(consented_at__gte=letter.sending_started_at).exists()
        assert not letter.sections.exclude(state=Section.State.ACCEPTED).exists()


# --- Events --------------------------------------------------------------------------


def test_an_event_is_full_with_a_waiting_list_and_a_past_one_was_attended(seeded):
    full = [e for e in Event.objects.filter(capacity__isnull=False) if e.is_full]
    assert any(e.waiting_count >= 1 for e in full)
    past = Event.objects.filter(ends_at__lt=timezone.now(), state=Event.State.PUBLISHED)
    assert Registration.objects.filter(event__in=past, checked_in_at__isnull=False).count() >= 3


# --- Directory -----------------------------------------------------------------------


def test_pins_are_spread_over_real_communes_and_never_share_a_spot(seeded):
    located = DirectoryEntry.objects.exclude(latitude=None)
    spots = list(located.values_list("latitude", "longitude"))
    assert len(spots) >= 100
    assert len(set(spots)) == len(spots)
    for latitude, longitude in spots:
        assert BOUNDS["south"] < latitude < BOUNDS["north"]
        assert BOUNDS["west"] < longitude < BOUNDS["east"]
    territories = set(DirectoryEntry.objects.values_list("territory", flat=True))
    assert territories <= set(COMMUNES)
    assert len(territories) >= 20
    for community in Community.objects.all():
        assert located.filter(community=community).values("territory").distinct().count() >= 8


# --- News ----------------------------------------------------------------------------


def test_every_news_page_has_an_image_described_in_french(seeded):
    news = NewsPage.objects.live()
    assert news.count() >= 5
    for page in news:
        assert page.image is not None, page.slug
        assert page.image.width == 1200 and page.image.height == 675
        assert page.image_alt.startswith("Illustration : ")
    assert len({page.image_id for page in news}) == news.count()


# --- First pages ---------------------------------------------------------------------


def _has_unread(user, community) -> bool:
    channel = Channel.objects.get(community=community, is_general=True)
    state = channel.read_states.filter(user=user).first()
    read = state.last_read_message_id if state else 0
    return channel.messages.exclude(author=user).filter(id__gt=read).exists()


@pytest.mark.parametrize(
    "account",
    ["citoyen", "informe", "engage", "jardinier.territoire", "jardiniere.region", "cultivateur",
     "redaction", "admin"],
)
def test_every_role_lands_on_a_page_with_something_alive(seeded, client, account):
    user = User.objects.get(email=f"{account}{DEMO}")
    client.force_login(user)

    response = client.get(reverse(settings.LOGIN_REDIRECT_URL), follow=True)

    # Their first page names their communities
    assert response.status_code == 200
    html = response.content.decode()
    communities = [m.community for m in Membership.objects.filter(user=user)]
    assert communities, account
    assert all(c.get_absolute_url() in html for c in communities)
    # and in one of them at least, people wrote since they last read
    assert any(_has_unread(user, c) for c in communities), account


# --- Twice ---------------------------------------------------------------------------


def test_a_second_run_adds_nothing_to_the_story(seeded, django_capture_on_commit_callbacks):
    before = _story_counts()

    with django_capture_on_commit_callbacks() as callbacks:
        output = _seed()

    assert _story_counts() == before
    for part in ("Letters", "Discussions", "Directory"):
        assert f"{part}: already there, nothing to add." in output
    assert callbacks == []
