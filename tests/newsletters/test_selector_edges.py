"""The reads of the newsletters at their edges: a letter reaches the circles
of the communities it names and no other, the audience's figures count who
will receive it, each list keeps to its community and order
(newsletters/selectors.py)."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from communities.models import Circle
from events.models import Event
from newsletters import selectors
from newsletters.models import AudienceCircle, Letter, Subscription
from tests.events.factories import EventFactory
from tests.factories import CommunityFactory, MembershipFactory, UserFactory
from tests.rows import rewritten

from .factories import LetterFactory, SectionFactory, subscribe

pytestmark = pytest.mark.django_db


def member(community, circle=Circle.ENGAGED, *, subscribed=True, **fields):
    person = MembershipFactory(community=community, circle=circle,
                               user=UserFactory(**fields)).user
    if subscribed:
        subscribe(person, community)
    return person


# --- Who a letter reaches --------------------------------------------------------------


def test_a_letter_reaches_its_communitys_chosen_circles_and_no_other_community(
        community, other_community):
    letter = LetterFactory(community=community, circles=[Circle.ENGAGED])
    here = member(community, email="here@example.org")
    member(other_community, email="there@example.org")  # engaged, subscribed, elsewhere
    member(community, Circle.INFORMED, email="informed@example.org")
    # Subscribed to the other community's letters only.
    elsewhere = member(community, subscribed=False, email="elsewhere@example.org")
    subscribe(elsewhere, other_community)
    # A new address not verified yet: the old one, verified, is no longer theirs.
    moved = member(community, email="moved@example.org")
    EmailAddress.objects.filter(user=moved).update(email="old@example.org")

    assert [u.email for u in selectors.recipients(letter)] == [here.email]


def test_the_invitation_to_write_goes_to_this_communitys_active_members_of_the_circles(
        community, other_community, django_assert_num_queries):
    letter = LetterFactory(community=community, invited_circle=Circle.INFORMED)
    informed = member(community, Circle.INFORMED, subscribed=False)
    engaged = member(community, Circle.ENGAGED, subscribed=False)
    member(community, Circle.CITIZENS)
    member(other_community, Circle.ENGAGED)
    gone = member(community, Circle.ENGAGED)
    gone.is_active = False
    gone.save()

    with django_assert_num_queries(1):
        emails = [u.email for u in selectors.call_recipients(letter)]

    assert emails == [informed.email, engaged.email]


def test_the_audience_summary_counts_who_will_receive_it_per_circle(community, other_community):
    letter = LetterFactory(community=community, circles=[Circle.ENGAGED, Circle.INFORMED])
    AudienceCircle.objects.create(letter=letter, community=other_community,
                                  circle=Circle.CITIZENS)
    member(community, Circle.ENGAGED)
    member(community, Circle.ENGAGED, subscribed=False)
    said_no = member(community, Circle.ENGAGED, subscribed=False)
    Subscription.objects.create(user=said_no, community=community, subscribed=False,
                                source=Subscription.Source.PROFILE)
    unverified = member(community, Circle.ENGAGED)
    EmailAddress.objects.filter(user=unverified).update(verified=False)
    inactive = member(community, Circle.ENGAGED)
    inactive.is_active = False
    inactive.save()
    # Subscribed to the other community's letters only: not to this one's.
    elsewhere = member(community, Circle.INFORMED, subscribed=False)
    subscribe(elsewhere, other_community)
    member(community, Circle.INFORMED)
    # An address verified, but not the person's own any more.
    moved = member(community, Circle.INFORMED)
    EmailAddress.objects.filter(user=moved).update(email="old@example.org")

    rows = [(row["community"], row["circle"], row["members"], row["receiving"])
            for row in selectors.audience_summary(letter)]

    # By community name ("Alimentation…" first), the inner circles first.
    assert rows == [(other_community, Circle.CITIZENS, 0, 0),
                    (community, Circle.ENGAGED, 5, 1),
                    (community, Circle.INFORMED, 3, 1)]
    assert selectors.audience_summary(LetterFactory(community=community, circles=[])) == []


# --- The gardeners' lists ----------------------------------------------------------------


def test_the_gardeners_list_counts_sections_by_state_latest_planned_first(community):
    later = LetterFactory(community=community, title="Plus tard",
                          planned_for=timezone.localdate() + timedelta(days=44))
    soon = LetterFactory(community=community, title="Bientôt")
    for state in ("proposed", "proposed", "accepted", "declined"):
        SectionFactory(letter=soon, state=state)
    LetterFactory(community=CommunityFactory(), title="Ailleurs")

    rows = [(letter.title, letter.proposed_count, letter.accepted_count, letter.section_count)
            for letter in selectors.community_letters(community)]

    assert rows == [(later.title, 0, 0, 0), (soon.title, 2, 1, 4)]


def test_letters_planned_the_same_day_are_newest_first(community):
    first = LetterFactory(community=community)
    second = LetterFactory(community=community, planned_for=first.planned_for)
    rewritten(second)
    assert list(selectors.community_letters(community)) == [second, first]


def test_sections_in_their_order_with_their_authors_and_events(
        community, django_assert_num_queries):
    letter = LetterFactory(community=community)
    third = SectionFactory(letter=letter, position=3)
    first = SectionFactory(letter=letter, position=1, event=EventFactory(community=community))
    tie = SectionFactory(letter=letter, position=3)
    rewritten(third)

    with django_assert_num_queries(1):
        rows = [(s.pk, s.author.pk, s.event and s.event.title)
                for s in selectors.letter_sections(letter)]

    assert [pk for pk, _author, _event in rows] == [first.pk, third.pk, tie.pk]
    assert rows[0][2] == first.event.title


def test_the_dashboards_letters_in_preparation_are_this_communitys_soonest_first(community):
    later = LetterFactory(community=community, title="Plus tard",
                          planned_for=timezone.localdate() + timedelta(days=40))
    soon = LetterFactory(community=community, title="Bientôt",
                         planned_for=timezone.localdate() + timedelta(days=3))
    rewritten(LetterFactory(community=community, title="Même jour", planned_for=soon.planned_for))
    rewritten(soon)
    for state in ("proposed", "accepted", "accepted", "declined"):
        SectionFactory(letter=later, state=state)
    LetterFactory(community=CommunityFactory(), title="Ailleurs")
    LetterFactory(community=community, title="Partie", state=Letter.State.SENT)

    rows = [(letter.title, letter.sections_waiting, letter.sections_accepted)
            for letter in selectors.letters_in_preparation(community=community, limit=5)]

    assert rows == [("Bientôt", 0, 0), ("Même jour", 0, 0), ("Plus tard", 1, 2)]
    assert len(selectors.letters_in_preparation(community=community, limit=2)) == 2


def test_a_letters_page_reads_its_community_author_and_audience_in_order(
        community, other_community, people, django_assert_num_queries):
    letter = LetterFactory(community=community, created_by=people["gardener"],
                           circles=[Circle.INFORMED, Circle.ENGAGED])
    AudienceCircle.objects.create(letter=letter, community=other_community,
                                  circle=Circle.CITIZENS)
    for circle in AudienceCircle.objects.filter(letter=letter).order_by("-pk"):
        rewritten(circle)

    with django_assert_num_queries(2):
        page = selectors.letter_for_page(letter.pk)
        seen = (page.community.name, page.created_by.pk,
                [(a.community.name, a.circle) for a in page.audience.all()])
        assert len(page.audience.all()) == 3  # the rules read it again: prefetched

    assert seen == (community.name, people["gardener"].pk,
                    [(community.name, Circle.INFORMED), (community.name, Circle.ENGAGED),
                     (other_community.name, Circle.CITIZENS)])


# --- A person's subscriptions -------------------------------------------------------------


def test_my_subscriptions_say_which_communities_send_me_their_letters(
        community, other_community, django_assert_num_queries):
    person = UserFactory()
    MembershipFactory(community=community, user=person, circle=Circle.INFORMED)
    subscribe(person, community)
    # A choice kept after leaving: recorded, not receiving.
    subscribe(person, other_community)
    left = CommunityFactory(name="Zéro déchet", slug="zero-dechet")
    MembershipFactory(community=left, user=person, circle=Circle.CITIZENS)
    Subscription.objects.create(user=person, community=left, subscribed=False,
                                source=Subscription.Source.PROFILE)
    member(community, Circle.ENGAGED)  # someone else's subscription

    with django_assert_num_queries(2):  # memberships, choices: each with its community
        lines = [(line.community, line.community.name, line.circle, line.subscribed,
                  line.subscription is not None) for line in selectors.my_subscriptions(person)]
    lines = [(c, circle, subscribed, chosen) for c, _name, circle, subscribed, chosen in lines]

    assert lines == [(other_community, None, False, True),
                     (community, Circle.INFORMED, True, True),
                     (left, Circle.CITIZENS, False, True)]
    assert selectors.is_subscribed(person, community)
    assert not selectors.is_subscribed(person, left)
    assert not selectors.is_subscribed(UserFactory(), community)


def test_a_member_who_never_chose_is_not_subscribed(community, people):
    (line,) = selectors.my_subscriptions(people["informed"])
    assert (line.subscribed, line.subscription) == (False, None)
    assert not selectors.is_subscribed(people["anonymous"], community)


# --- The event picker of a section --------------------------------------------------------


def test_the_picker_offers_published_events_not_over_and_the_one_already_linked(
        community, other_community, people):
    letter = LetterFactory(community=community)
    now = timezone.now()
    later = EventFactory(community=community, title="Plus tard", starts_at=now + timedelta(days=9),
                         ends_at=now + timedelta(days=9, hours=2))
    soon = EventFactory(community=community, title="Bientôt")
    twin = EventFactory(community=community, title="Même heure", starts_at=soon.starts_at,
                        ends_at=soon.ends_at)
    rewritten(soon)
    running = EventFactory(community=community, title="En cours",
                           starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=1))
    over = EventFactory(community=community, title="Passé", starts_at=now - timedelta(days=2),
                        ends_at=now - timedelta(days=2) + timedelta(hours=2))
    EventFactory(community=community, title="Brouillon", state=Event.State.DRAFT)
    EventFactory(community=other_community, title="Ailleurs")

    def offered(current_id=None):
        return [e.title for e in selectors.linkable_events(letter, people["gardener"],
                                                           current_id=current_id)]

    assert offered() == [running.title, soon.title, twin.title, later.title]
    assert offered(current_id=over.pk) == [over.title, running.title, soon.title, twin.title,
                                           later.title]


def test_the_archive_is_newest_sent_first_with_its_communities(
        community, other_community, people, django_assert_num_queries):
    now = timezone.now()
    # Made in the other order than sent: the list follows when they were sent.
    newer = LetterFactory(community=other_community, state=Letter.State.SENT,
                          circles=[Circle.CITIZENS], sent_at=now - timedelta(days=1))
    older = LetterFactory(community=community, state=Letter.State.SENT, circles=[Circle.CITIZENS],
                          sent_at=now - timedelta(days=3))
    AudienceCircle.objects.create(letter=newer, community=community, circle=Circle.CITIZENS)
    rewritten(older)

    letters = selectors.archive(community, people["citizen"])  # asks the person's roles

    with django_assert_num_queries(2):  # the page, its audiences
        rows = [(letter.pk, letter.community.name, len(letter.audience.all()))
                for letter in letters]

    assert rows == [(newer.pk, other_community.name, 2), (older.pk, community.name, 1)]


def test_the_pair_reads_in_another_archive_the_letter_it_sent_there(
        community, other_community, people):
    """A letter of this community sent only to the other's circles: listed
    there for this community's pair, who manage it."""
    letter = LetterFactory(community=community, state=Letter.State.SENT, circles=[],
                           sent_at=timezone.now())
    AudienceCircle.objects.create(letter=letter, community=other_community,
                                  circle=Circle.ENGAGED)

    assert list(selectors.archive(other_community, people["gardener"])) == [letter]
    assert people["gardener"].has_perm("newsletters.view_sent_letter", letter)
    assert list(selectors.archive(other_community, people["citizen"])) == []
