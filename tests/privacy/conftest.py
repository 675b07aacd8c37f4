"""A person with something in every app that holds personal data.

The scene is set with factories and the apps' own services; the privacy
tests then export, erase and grep it.
"""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.utils import timezone

from communities.models import Circle, CircleChange, CircleRequest
from directory.services import entry_save
from discussions.models import Message, Report
from discussions.services import general_channel_ensure
from events.models import Registration
from events.services import registration_create
from needs import services as needs_services
from needs.models import Need, Step
from newsletters.models import Delivery
from newsletters.services import subscription_set
from notifications.models import Notification, Preference
from processes import services as process_services
from processes.services import opinion
from tests.dialogue.conftest import make_process
from tests.events.factories import EventFactory
from tests.factories import DirectionFactory, MembershipFactory, UserFactory
from tests.newsletters.factories import LetterFactory, SectionFactory
from workgroups.models import GroupMember, JoinRequest, WorkingGroup
from workgroups.services import join_request_create

NAME = "Zéphyrin Quatremaire"
EMAIL = "zephyrin.quatremaire@example.org"


@pytest.fixture(autouse=True)
def in_english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def outbox(settings, tmp_path):
    settings.EMAIL_BACKEND = "terreau.outbox.OutboxEmailBackend"
    settings.OUTBOX_DIR = tmp_path / "outbox"
    return settings.OUTBOX_DIR


@pytest.fixture
def other(community):
    return MembershipFactory(
        community=community, circle=Circle.ENGAGED,
        user=UserFactory(email="camille.roux@example.org", display_name="Camille Roux"),
    ).user


@pytest.fixture
def person(community, pair, other, outbox):
    """Zéphyrin, engaged member of Biodiversité, present in every app."""
    user = UserFactory(email=EMAIL, display_name=NAME, organisation="Quatremaire & fils",
                       preferred_language="en",
                       bio=f"Je suis {NAME}.")
    user.interests.set(["semences"])
    MembershipFactory(community=community, user=user, circle=Circle.ENGAGED)
    CircleChange.objects.create(community=community, user=user, kind=CircleChange.Kind.JOINED,
                                to_circle=Circle.CITIZENS, reason="")
    CircleRequest.objects.create(community=community, user=user, circle=Circle.ENGAGED,
                                 message=f"{NAME} voudrait entrer.", status="approved",
                                 answer="Bienvenue")
    channel = general_channel_ensure(community=community)
    message = Message.objects.create(channel=channel, author=user, body="Bonjour à tous")
    letter = LetterFactory(community=community)
    section = SectionFactory(letter=letter, author=user, title="Les haies",
                             body="Planter des haies.")
    subscription_set(user=user, community=community, subscribed=True)  # records the consent
    Delivery.objects.create(letter=letter, user=user, email=EMAIL, state="sent",
                            sent_at=timezone.now())
    need = needs_services.need_create(
        community=community, author=user, kind=Need.Kind.NEED, title="Une salle",
        description="Une salle de 50 personnes.", visibility=Need.Visibility.COMMUNITY,
        tags=["semences"], contact_consent=True,
    )
    Step.objects.create(need=need, from_status=need.status, to_status=need.status,
                        answer="Nous cherchons avec vous.", by=pair.territory_gardener)
    others_need = needs_services.need_create(
        community=community, author=other, kind=Need.Kind.NEED, title="Des bras",
        description="Pour planter.", visibility=Need.Visibility.COMMUNITY, tags=[],
        contact_consent=True,
    )
    needs_services.support_add(need=others_need, user=user, kind="can_help",
                               message="Je viens", contact_consent=True)
    event = EventFactory(community=community)
    confirmed = registration_create(event=event, user=user)
    past = EventFactory(community=community, starts_at=timezone.now() - dt.timedelta(days=3),
                        confirmed_count=1)
    attended = Registration.objects.create(
        event=past, user=user, name=NAME, email=EMAIL, status=Registration.Status.CONFIRMED,
        code="PAST00000001", secret="s" * 40, consent_at=timezone.now(),
    )
    pending = registration_create(event=EventFactory(community=community), name=NAME,
                                  email=EMAIL, consent=True)
    Notification.objects.create(recipient=user, kind="mention", url="/x/", data={})
    Notification.objects.create(recipient=other, actor=user, kind="mention", url="/y/",
                                data={"person": NAME})
    Preference.objects.create(user=user, kind="mention", frequency="daily")
    entry_save(community=community, user=user, territory="Ariège", show_email=True,
               latitude="42.965", longitude="1.607")
    group = WorkingGroup.objects.create(community=community, name="Haies", slug="haies",
                                        goal="Planter", created_by=user)
    GroupMember.objects.create(group=group, user=user)
    JoinRequest.objects.create(group=group, user=user, message=f"Moi, {NAME}")
    # A dialogue: a contribution, a comment, a support, a recommendation
    # drafted on the panel (its signature is stored), a role.
    lead = UserFactory(email="lead@example.org", display_name="Léa Pilote")
    direction = DirectionFactory(name="Mobilités", slug="mobilites")
    direction.staff.add(lead)
    process_services.process_lead_grant(direction=direction, person=lead, actor=None)
    process = make_process(direction, lead)
    contribution = process_services.proposal_create(
        process=process, author=user, title="Une piste", text="Relier la gare.")
    process_services.comment_add(proposal=contribution, author=user, text="Et le soir ?")
    process_services.support_add(
        proposal=process_services.proposal_create(process=process, author=other,
                                                  title="Un parking", text="Vélos."),
        person=user)
    opinion.panel_member_add(process=process, person=user, actor=lead)
    recommendation = opinion.recommendation_draft(process=process, author=user,
                                                  title="Des pistes", text="Partout.")
    # Put in touch with Camille about her need: each is told the other's
    # name and address, in a notification of their own.
    needs_services.connection_create(need=others_need, actor=pair.territory_gardener,
                                     first=user, second=other, note="Voyez-vous jeudi.")
    # A join request through the service: the pair is told, with its message.
    ponds = WorkingGroup.objects.create(community=community, name="Mares", slug="mares",
                                        goal="Creuser", created_by=other)
    join_request_create(group=ponds, user=user, message=f"C'est {NAME}, je sais creuser.")
    # A report on a message, in their own words.
    Report.objects.create(message=others_message(channel, other), reporter=user,
                          reason=f"{NAME} trouve ce message déplacé.")
    # The Django admin's history of a change to their registration.
    LogEntry.objects.create(
        user=other, content_type=ContentType.objects.get_for_model(Registration),
        object_id=str(attended.pk), object_repr=f"{NAME} — {past.title}", action_flag=CHANGE)
    mail.send_mail("Bienvenue", f"Bonjour {NAME}", None, [f"{NAME} <{EMAIL}>"])
    mail.send_mail("Bienvenue", "Bonjour Camille", None, ["camille.roux@example.org"])
    return SimpleNamespace(
        user=user, message=message, section=section, need=need, event=event,
        confirmed=confirmed, past=past, attended=attended, pending=pending, letter=letter,
        contribution=contribution, recommendation=recommendation, others_need=others_need,
    )


def others_message(channel, other):
    return Message.objects.create(channel=channel, author=other, body="Un message signalé")
