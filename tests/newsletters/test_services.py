"""Writing a letter together: the services, their e-mails, and bad input."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from communities.models import Circle
from newsletters import services
from newsletters.models import Letter, Section, Subscription
from tests.factories import MembershipFactory, UserFactory

from .factories import SectionFactory

pytestmark = pytest.mark.django_db


def _open(commit, community, gardener, **kwargs):
    values = {
        "title": "Lettre de printemps",
        "planned_for": timezone.localdate() + dt.timedelta(days=20),
        "contributions_until": timezone.now() + dt.timedelta(days=10),
        **kwargs,
    }
    return commit(services.letter_create, community=community, actor=gardener, **values)


def _snapshot(letter):
    letter.refresh_from_db()
    return (letter.state, letter.title, letter.intro, letter.scheduled_for,
            sorted(Section.objects.filter(letter=letter).values_list("pk", "title", "body",
                                                                      "state", "position")),
            letter.deliveries.count())


# --- Opening a letter and calling for contributions -----------------------------------


def test_opening_a_letter_calls_the_engaged_circle(people, community, commit, outbox):
    letter = _open(commit, community, people["gardener"])
    assert letter.state == Letter.State.CALL_OPEN
    assert letter.invited_circle == Circle.ENGAGED
    assert [m.to for m in outbox] == [[f"{people['engaged'].display_name} <engaged@example.org>"]]
    assert "Lettre de printemps" in outbox[0].subject
    assert letter.get_absolute_url() in outbox[0].body


def test_the_call_may_invite_the_informed_circle_too(people, community, commit, outbox):
    _open(commit, community, people["gardener"], invite_informed=True)
    assert sorted(m.to[0].split("<")[1] for m in outbox) == [
        "engaged@example.org>", "informed@example.org>"
    ]


@pytest.mark.parametrize("field,value,code", [
    ("title", "  ", "title_required"),
    ("contributions_until", timezone.now() - dt.timedelta(hours=1), "deadline_past"),
    ("planned_for", timezone.localdate(), "planned_before_deadline"),
    ("intro", "<script>alert(1)</script>", "script"),
])
def test_a_letter_with_bad_fields_is_refused(people, community, commit, outbox, field, value,
                                             code):
    with pytest.raises(ValidationError) as error:
        _open(commit, community, people["gardener"], **{field: value})
    assert code in [e.code for errors in error.value.error_dict.values() for e in errors]
    assert not Letter.objects.exists()
    assert outbox == []


# --- Proposing and revising sections -----------------------------------------------------


def test_an_engaged_member_proposes_a_section(letter, engaged):
    section = services.section_propose(
        letter=letter, author=engaged, title="Jardin partagé",
        body="Nous ouvrons un jardin.\n\nVenez planter !",
    )
    assert section.state == Section.State.PROPOSED
    assert section.author_name == engaged.display_name
    assert section.body == "<p>Nous ouvrons un jardin.</p><p>Venez planter !</p>"


def test_a_section_on_a_closed_call_is_refused(letter, engaged):
    letter.state = Letter.State.EDITING
    letter.save()
    with pytest.raises(ValidationError, match="call for contributions to this letter is closed"):
        services.section_propose(letter=letter, author=engaged, title="T", body="Texte")
    assert not Section.objects.exists()


def test_a_section_after_the_deadline_is_refused(letter, engaged):
    Letter.objects.filter(pk=letter.pk).update(
        contributions_until=timezone.now() - dt.timedelta(minutes=1)
    )
    with pytest.raises(ValidationError, match="closed"):
        services.section_propose(letter=letter, author=engaged, title="T", body="Texte")
    assert not Section.objects.exists()


@pytest.mark.parametrize("role", ["citizen", "informed", "other_gardener", "cultivator"])
def test_someone_outside_the_invited_circles_cannot_contribute(people, letter, role):
    with pytest.raises(ValidationError, match="Only members of the engaged circle") as error:
        services.section_propose(letter=letter, author=people[role], title="T", body="Texte")
    assert error.value.code == "not_invited"
    assert not Section.objects.exists()


def test_a_non_member_cannot_contribute(letter):
    with pytest.raises(ValidationError, match="Only members"):
        services.section_propose(letter=letter, author=UserFactory(), title="T", body="Texte")
    assert not Section.objects.exists()


def test_the_gardeners_may_write_sections_too(letter, gardener):
    section = services.section_propose(letter=letter, author=gardener, title="Mot", body="Hello")
    assert section.author == gardener


@pytest.mark.parametrize("body,code", [
    ("<p>Hi</p><script>fetch('https://x.example')</script>", "script"),
    ('<p onmouseover="steal()">Hi</p>', "script"),
    ('<a href="javascript:alert(1)">clic</a>', "script"),
    ('<p>Hi</p><img src="https://tracker.example/p.gif" width="1" height="1">', "remote_content"),
    ('<p style="background:url(https://tracker.example/p.gif)">Hi</p>', "remote_content"),
    ('<iframe src="https://example.org"></iframe>', "script"),
    ("   ", "empty"),
    ("<p> </p>", "empty"),
])
def test_scripts_and_tracking_pixels_are_refused_with_a_clear_message(letter, engaged, body,
                                                                      code):
    with pytest.raises(ValidationError) as error:
        services.section_propose(letter=letter, author=engaged, title="T", body=body)
    assert [e.code for e in error.value.error_dict["body"]] == [code]
    assert not Section.objects.exists()


def test_allowed_formatting_is_kept_and_links_are_made_safe(letter, engaged):
    section = services.section_propose(
        letter=letter, author=engaged, title="T",
        body='<h3>Titre</h3><p><strong>Gras</strong> <em>it</em> '
             '<a href="https://example.org" target="_blank">lien</a></p>'
             '<ul><li>un</li></ul><div><span class="x">texte</span></div>',
    )
    assert section.body == (
        '<h3>Titre</h3><p><strong>Gras</strong> <em>it</em> '
        '<a href="https://example.org" rel="noopener noreferrer">lien</a></p>'
        "<ul><li>un</li></ul>texte"
    )


def test_an_image_needs_its_description(letter, engaged):
    from django.core.files.uploadedfile import SimpleUploadedFile

    image = SimpleUploadedFile("p.png", _png(), content_type="image/png")
    with pytest.raises(ValidationError) as error:
        services.section_propose(letter=letter, author=engaged, title="T", body="Texte",
                                 image=image)
    assert "image_alt" in error.value.error_dict
    assert not Section.objects.exists()
    section = services.section_propose(letter=letter, author=engaged, title="T", body="Texte",
                                       image=image, image_alt="Des semis en godets")
    assert section.image and section.image_alt == "Des semis en godets"


def test_a_linked_event_must_belong_to_the_community(letter, engaged, other_community):
    from tests.events.factories import EventFactory

    foreign = EventFactory(community=other_community)
    with pytest.raises(ValidationError) as error:
        services.section_propose(letter=letter, author=engaged, title="T", body="Texte",
                                 event=foreign)
    assert "event" in error.value.error_dict
    own = EventFactory(community=letter.community)
    section = services.section_propose(letter=letter, author=engaged, title="T", body="Texte",
                                       event=own)
    assert section.event == own


def test_the_author_revises_after_a_request_for_changes(letter, engaged, gardener):
    section = services.section_propose(letter=letter, author=engaged, title="T", body="v1")
    services.section_request_changes(section=section, actor=gardener,
                                     comment="Ajoutez la date, merci.")
    section.refresh_from_db()
    assert section.state == Section.State.CHANGES_REQUESTED
    assert section.gardener_comment == "Ajoutez la date, merci."
    services.letter_close_call(letter=letter, actor=gardener)  # revising is still possible
    services.section_revise(section=section, author=engaged, title="T", body="v2, le 3 mai")
    section.refresh_from_db()
    assert (section.state, section.body) == (Section.State.PROPOSED, "<p>v2, le 3 mai</p>")


def test_editing_someone_elses_section_is_refused(letter, engaged, community):
    other = MembershipFactory(community=community, circle=Circle.ENGAGED).user
    section = services.section_propose(letter=letter, author=engaged, title="T", body="v1")
    with pytest.raises(ValidationError, match="not yours"):
        services.section_revise(section=section, author=other, title="Pirate", body="x")
    section.refresh_from_db()
    assert (section.title, section.body) == ("T", "<p>v1</p>")


def test_an_accepted_section_is_no_longer_revised_by_its_author(letter, engaged, gardener):
    section = services.section_propose(letter=letter, author=engaged, title="T", body="v1")
    services.section_accept(section=section, actor=gardener)
    with pytest.raises(ValidationError, match="already accepted"):
        services.section_revise(section=section, author=engaged, title="T", body="v2")
    section.refresh_from_db()
    assert section.body == "<p>v1</p>"


# --- Gardeners' decisions, edits and order ---------------------------------------------------


@pytest.mark.parametrize("action", [services.section_request_changes, services.section_decline])
def test_asking_changes_or_declining_needs_a_comment(letter, engaged, gardener, action):
    section = SectionFactory(letter=letter, author=engaged)
    with pytest.raises(ValidationError) as error:
        action(section=section, actor=gardener, comment="  ")
    assert "comment" in error.value.error_dict
    section.refresh_from_db()
    assert section.state == Section.State.PROPOSED


def test_a_gardener_edits_a_section_and_it_keeps_its_author(letter, engaged, gardener):
    section = SectionFactory(letter=letter, author=engaged, state=Section.State.ACCEPTED)
    services.section_edit(section=section, actor=gardener, title="Titre revu",
                          body="<p>Texte <b>revu</b></p>")
    section.refresh_from_db()
    assert (section.title, section.author, section.state) == (
        "Titre revu", engaged, Section.State.ACCEPTED)


def test_gardeners_reorder_the_sections(letter, engaged, gardener):
    a, b, c = (SectionFactory(letter=letter, author=engaged, position=i) for i in (1, 2, 3))
    services.sections_reorder(letter=letter, actor=gardener, order=[c.pk, a.pk, b.pk])
    assert list(letter.sections.values_list("pk", flat=True)) == [c.pk, a.pk, b.pk]
    services.section_move(section=b, actor=gardener, offset=-1)
    assert list(letter.sections.values_list("pk", flat=True)) == [c.pk, b.pk, a.pk]


def test_an_order_that_forgets_a_section_is_refused(letter, engaged, gardener):
    a, b = (SectionFactory(letter=letter, author=engaged, position=i) for i in (1, 2))
    with pytest.raises(ValidationError, match="every section"):
        services.sections_reorder(letter=letter, actor=gardener, order=[b.pk])
    with pytest.raises(ValidationError, match="every section"):
        services.sections_reorder(letter=letter, actor=gardener, order=[b.pk, b.pk])
    assert list(letter.sections.values_list("pk", flat=True)) == [a.pk, b.pk]


def test_the_introduction_is_sanitised(letter, gardener):
    services.letter_update(
        letter=letter, actor=gardener, title=letter.title, planned_for=letter.planned_for,
        contributions_until=letter.contributions_until, intro="Bonjour à toutes et tous.",
    )
    letter.refresh_from_db()
    assert letter.intro == "<p>Bonjour à toutes et tous.</p>"


# --- Audience, schedule, sending: bad input changes nothing ------------------------------------


def test_scheduling_in_the_past_is_refused(letter, accepted_section, gardener, subscribers):
    subscribers(2)
    before = _snapshot(letter)
    with pytest.raises(ValidationError, match="at least two minutes from now"):
        services.letter_schedule(letter=letter, actor=gardener,
                                 when=timezone.now() - dt.timedelta(hours=1))
    assert _snapshot(letter) == before


def test_scheduling_then_unscheduling(letter, accepted_section, gardener, subscribers):
    subscribers(2)
    when = timezone.now() + dt.timedelta(days=1)
    services.letter_schedule(letter=letter, actor=gardener, when=when)
    letter.refresh_from_db()
    assert (letter.state, letter.scheduled_for) == (Letter.State.SCHEDULED, when)
    services.letter_unschedule(letter=letter, actor=gardener)
    letter.refresh_from_db()
    assert (letter.state, letter.scheduled_for) == (Letter.State.EDITING, None)


def test_an_empty_audience_is_refused(letter, accepted_section, gardener, subscribers):
    subscribers(2)
    before = _snapshot(letter)
    with pytest.raises(ValidationError, match="at least one circle"):
        services.letter_set_audience(letter=letter, actor=gardener, circles=[])
    assert _snapshot(letter) == before
    assert letter.audience.count() == 2


def test_sending_with_nobody_to_receive_it_is_refused(letter, accepted_section, gardener):
    with pytest.raises(ValidationError, match="Nobody in the chosen circles"):
        services.letter_send_now(letter=letter, actor=gardener)
    letter.refresh_from_db()
    assert letter.state == Letter.State.CALL_OPEN


def test_sending_without_an_accepted_section_is_refused(letter, gardener, subscribers):
    subscribers(1)
    with pytest.raises(ValidationError, match="Accept at least one section"):
        services.letter_send_now(letter=letter, actor=gardener)


def test_sending_twice_is_refused(letter, accepted_section, gardener, subscribers, commit,
                                  outbox):
    subscribers(3)
    commit(services.letter_send_now, letter=letter, actor=gardener)
    letter.refresh_from_db()
    assert letter.state == Letter.State.SENT
    assert len(outbox) == 3
    before = _snapshot(letter)
    with pytest.raises(ValidationError, match="already sent"):
        commit(services.letter_send_now, letter=letter, actor=gardener)
    with pytest.raises(ValidationError, match="already sent"):
        services.letter_schedule(letter=letter, actor=gardener,
                                 when=timezone.now() + dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="already sent"):
        services.section_edit(section=accepted_section, actor=gardener, title="x", body="y")
    assert _snapshot(letter) == before
    assert len(outbox) == 3


def test_changing_a_letter_being_sent_is_refused(letter, accepted_section, gardener):
    Letter.objects.filter(pk=letter.pk).update(state=Letter.State.SENDING)
    with pytest.raises(ValidationError, match="being sent"):
        services.letter_send_now(letter=letter, actor=gardener)
    with pytest.raises(ValidationError, match="being sent"):
        services.section_accept(section=SectionFactory(letter=letter), actor=gardener)


# --- Subscriptions ------------------------------------------------------------------------------


def test_subscribing_needs_a_membership_and_records_consent(community, engaged):
    outsider = UserFactory()
    with pytest.raises(ValidationError, match="Join"):
        services.subscription_set(user=outsider, community=community, subscribed=True)
    assert not Subscription.objects.filter(user=outsider).exists()
    subscription = services.subscription_set(user=engaged, community=community, subscribed=True)
    assert subscription.subscribed and subscription.consented_at is not None
    subscription = services.subscription_set(user=engaged, community=community, subscribed=False)
    assert not subscription.subscribed


def test_the_unsubscribe_token_works_once_and_again_and_cannot_be_forged(community, engaged):
    from newsletters import tokens

    services.subscription_set(user=engaged, community=community, subscribed=True)
    token = tokens.make(user_id=engaged.pk, community_id=community.pk)
    for _ in range(2):  # idempotent
        assert not services.subscription_unsubscribe_by_token(token=token).subscribed
    other = MembershipFactory(community=community).user
    services.subscription_set(user=other, community=community, subscribed=True)
    forged = token.replace(f"{engaged.pk}.", f"{other.pk}.", 1)
    with pytest.raises(ValidationError, match="not valid"):
        services.subscription_unsubscribe_by_token(token=forged)
    assert Subscription.objects.get(user=other).subscribed


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, "PNG")
    return buffer.getvalue()
