"""The world the access matrix and the secret-marker crawl run in.

One community ("biodiversite") with a person per role of the matrix, another
community with its own gardener, and one object of every kind a URL of the
project names: events (public, for the engaged circle only, in draft), needs
(open to the community, for the gardeners only), a working group with its
channel, channels (general, engaged circle), messages (one hidden), letters
(call open, being edited, sent) and sections, registrations and their
tokens, notifications, directory entries, CMS pages (live, private, draft).

Each restricted object carries its secret marker (matrix.MARKERS, with the
roles that may read it), said once in the object and nowhere else.

`build()` writes everything through the services where one exists (the
history they keep is what the pages show); `clients()` gives one test client
per role, signed in as the tests' `force_login` does (second factor passed).
tests/access/conftest.py builds it once for the package, inside a
transaction rolled back at the end.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.utils import timezone
from wagtail.models import PageViewRestriction

from accounts.second_factor import session_mark
from cms import publishing, role_groups
from cms import services as cms_services
from cms.models import NewsPage
from communities.models import Circle
from communities.services import circle_request_create
from councils import services as council_services
from councils import tokens as council_tokens
from directory.services import entry_save
from discussions import services as talk
from events import services as event_services
from events import tokens as event_tokens
from events.models import Event
from moderation.models import Case as ModerationCase
from needs import services as need_services
from needs.models import Need
from newsletters import services as letter_services
from newsletters.models import Letter
from newsletters.tokens import make as unsubscribe_token
from notifications.models import Notification
from tests.factories import (
    CommunityFactory,
    DirectionFactory,
    GardenerPairFactory,
    MembershipFactory,
    UserFactory,
)
from workgroups import services as groups

from .matrix import MARKERS, ROLES
from .world_barometers import build_barometers
from .world_calls import build_calls
from .world_watch import build_watch
from .world_coaching import build_coaching
from .world_organising import build_organising
from .world_processes import build_processes


@dataclass
class World:
    people: dict
    objects: dict = field(default_factory=dict)
    # The values a concrete path is filled with: {"community": "biodiversite", ...}
    ids: dict = field(default_factory=dict)

    def path(self, template: str) -> str:
        return template.format(**self.ids)


def _people():
    direction = DirectionFactory(name="Environnement", slug="environnement")
    community = CommunityFactory(name="Biodiversité", slug="biodiversite", direction=direction)
    other = CommunityFactory(name="Alimentation durable", slug="alimentation", direction=direction)
    pair = GardenerPairFactory(
        community=community,
        territory_gardener=UserFactory(email="gardener@example.org", display_name="Gaëlle Jardin"),
        institution_gardener=UserFactory(email="agent@example.org", display_name="Ines Agent"),
    )
    coordinating = DirectionFactory(name="Cultivateur", slug="cultivateur", is_coordinating=True)
    people = {"anonymous": AnonymousUser()}
    for role, circle, email in (
        ("citizen", Circle.CITIZENS, f"{MARKERS['member_email'].text}@example.org"),
        ("informed", Circle.INFORMED, "informed@example.org"),
        ("engaged", Circle.ENGAGED, "engaged@example.org"),
    ):
        user = UserFactory(email=email, display_name=f"{role.title()} Person")
        MembershipFactory(community=community, circle=circle, user=user)
        people[role] = user
    people["gardener"] = pair.territory_gardener
    people["other_gardener"] = GardenerPairFactory(
        community=other,
        territory_gardener=UserFactory(email="other.gardener@example.org", display_name="Otto Jardin"),
    ).territory_gardener
    cultivator = UserFactory(email="cultivator@example.org", display_name="Clara Cultive")
    coordinating.staff.add(cultivator)
    people["cultivator"] = cultivator
    people["editor"] = UserFactory(email="editor@example.org", display_name="Eddy Editor")
    people["staff"] = UserFactory(
        email="staff@example.org", display_name="Stan Staff", is_staff=True
    )
    # Someone engaged in a working group, outside the matrix's roles.
    people["group_member"] = MembershipFactory(
        community=community, circle=Circle.ENGAGED,
        user=UserFactory(email="group.member@example.org", display_name="Gina Groupe"),
    ).user
    return people, {"direction": direction, "community": community, "other": other, "pair": pair}


def _events(people, o, m):
    gardener = people["gardener"]
    start = (timezone.now() + dt.timedelta(days=10)).replace(microsecond=0, second=0)

    def event(title, **fields):
        return event_services.event_create(
            organiser=gardener, community=o["community"], title=title,
            description="Une rencontre du territoire.", starts_at=start,
            ends_at=start + dt.timedelta(hours=2), address="Toulouse", capacity=20, **fields,
        )

    public = event("Atelier ouvert à tous")
    public = event_services.event_publish(event=public, actor=gardener)
    engaged = event(f"Atelier {m['engaged_event']}", audience=Event.Audience.CIRCLES,
                    circles=[Circle.ENGAGED])
    engaged = event_services.event_publish(event=engaged, actor=gardener)
    draft = event(f"Atelier {m['draft_event']}")
    registration = event_services.registration_create(event=public, user=people["informed"])
    event_services.registration_create(event=engaged, user=people["engaged"])
    calendar = event_services.calendar_token_reset(user=people["informed"])
    proposal = event_services.event_propose(
        author=people["engaged"], community=o["community"], title="Balade des haies",
        description="Une balade proposée par un membre.", starts_at=start,
        ends_at=start + dt.timedelta(hours=2), address="Toulouse",
    )
    return {
        "proposal": proposal.pk,
        "event": public.pk,
        "engaged_event": engaged.pk,
        "draft_event": draft.pk,
        "registration_view": event_tokens.make(registration, event_tokens.VIEW),
        "registration_confirm": event_tokens.make(registration, event_tokens.CONFIRM),
        "registration_cancel": event_tokens.make(registration, event_tokens.CANCEL),
        "calendar_token": calendar.token,
        "event_year": start.year,
        "event_month": start.month,
    }, {"public_event": public, "engaged_event": engaged}


def _needs(people, o, m):
    def need(title, visibility):
        return need_services.need_create(
            community=o["community"], author=people["informed"], kind=Need.Kind.NEED,
            title=title, description="Une salle de 50 personnes, un samedi de mars.",
            visibility=visibility, tags=["semences"], contact_consent=True,
        )

    open_need = need("Une salle pour une bourse aux semences", Need.Visibility.COMMUNITY)
    private = need(f"Un contact {m['gardeners_need']}", Need.Visibility.GARDENERS)
    # The informed member is told of a step: a notification of theirs.
    need_services.need_move(need=open_need, actor=people["gardener"], to_status="discussed",
                       answer="Nous en parlons jeudi.")
    return {"need": open_need.pk, "gardeners_need": private.pk}


def _discussions_and_groups(people, o, m):
    community, gardener = o["community"], people["gardener"]
    general = talk.general_channel_ensure(community=community)
    engaged = talk.channel_create(community=community, name=f"Noyau {m['engaged_channel']}",
                                  min_circle=Circle.ENGAGED, actor=gardener)
    informed_said = talk.message_post(channel=general, author=people["informed"],
                                      body="Bonjour à tous")
    citizen_said = talk.message_post(channel=general, author=people["citizen"],
                                     body="Une remarque ordinaire")
    hidden = talk.message_post(channel=general, author=people["citizen"],
                               body=f"Propos {m['hidden_message']}")
    talk.message_hide(message=hidden, actor=gardener, reason="Hors sujet")
    engaged_said = talk.message_post(channel=engaged, author=people["engaged"],
                                     body=f"Entre nous {m['engaged_message']}")
    report = talk.message_report(message=citizen_said, reporter=people["informed"],
                                 reason="Je ne suis pas d'accord")

    group = groups.group_create(community=community, actor=gardener, name="Semences paysannes",
                                goal="Une bourse aux semences.", issue="Semences locales")
    groups.member_add(group=group, user=people["group_member"], actor=gardener)
    group_said = talk.message_post(channel=group.channel, author=people["group_member"],
                                   body=f"Dans le groupe {m['group_message']}")
    join = groups.join_request_create(group=group, user=people["engaged"],
                                      message="Je cultive des semences anciennes.")
    groups.decision_record(group=group, actor=gardener, text="Bourse le 12 mars.",
                           decided_on=timezone.localdate())
    return {
        "general": general.pk,
        "engaged_channel": engaged.pk,
        "group_channel": group.channel_id,
        "general_message": citizen_said.pk,
        "informed_message": informed_said.pk,
        "hidden_message": hidden.pk,
        "engaged_message": engaged_said.pk,
        "group_message": group_said.pk,
        "report": report.pk,
        "moderation_case": ModerationCase.objects.get(
            kind="message", object_id=citizen_said.pk
        ).pk,
        "group": group.slug,
        "join_request": join.pk,
    }, {"general": general, "engaged_channel": engaged, "group": group}


def _communities(people, o):
    community = o["community"]
    request = circle_request_create(community=community, user=people["citizen"],
                                    circle=Circle.INFORMED, message="Je veux suivre de plus près.")
    # The informed and engaged members are listed; the citizen is not.
    entry_save(community=community, user=people["informed"], territory="Ariège", show_email=True)
    entry_save(community=community, user=people["engaged"], territory="Aude")
    return {"circle_request": request.pk}


def _letters(people, o, m, events):
    community, gardener = o["community"], people["gardener"]
    now = timezone.now()

    def letter(title, invite_informed=True):
        return letter_services.letter_create(
            community=community, actor=gardener, title=title,
            planned_for=timezone.localdate() + dt.timedelta(days=14),
            contributions_until=now + dt.timedelta(days=7), invite_informed=invite_informed,
        )

    open_call = letter("Lettre de printemps")
    section = letter_services.section_propose(
        letter=open_call, author=people["engaged"], title=f"Rubrique {m['proposed_section']}",
        body="<p>Des nouvelles du territoire.</p>",
    )
    editing = letter(f"Lettre {m['draft_letter']}", invite_informed=False)
    letter_services.letter_close_call(letter=editing, actor=gardener)
    sent = letter("Lettre d'hiver")
    accepted = letter_services.section_propose(
        letter=sent, author=people["informed"], title="Rubrique publiée",
        body="<p>Un compte rendu.</p>", event=events["public_event"],
    )
    letter_services.section_accept(section=accepted, actor=gardener)
    Letter.objects.filter(pk=sent.pk).update(state=Letter.State.SENT, sent_at=now)
    letter_services.subscription_set(user=people["informed"], community=community, subscribed=True)
    return {
        "letter": open_call.pk,
        "draft_letter": editing.pk,
        "sent_letter": sent.pk,
        "section": section.pk,
        "unsubscribe_token": unsubscribe_token(user_id=people["informed"].pk,
                                               community_id=community.pk),
    }


def _cms(people, o, m):
    home = cms_services.site_tree_ensure()
    cms_services.newsroom_ensure(home=home)
    publishing.publishing_sync()
    role_groups.role_groups_sync()
    section = o["direction"].publishing.section
    people["editor"].groups.add(o["direction"].publishing.editors)

    def news(title, slug, live=True):
        page = NewsPage(title=title, slug=slug, summary="Les bénévoles ont planté des haies.",
                        date=dt.date(2025, 3, 1), direction=o["direction"], live=live)
        page.communities = [o["community"]]
        section.add_child(instance=page)
        revision = page.save_revision()
        if live:
            revision.publish()
        return page

    public = news("Une haie de 2 km plantée", "une-haie")
    private = news(f"Note {m['cms_private']}", "note-interne")
    restriction = PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([o["direction"].publishing.editors])
    draft = news(f"Projet {m['cms_draft']}", "projet", live=False)
    return {
        "news_section_id": section.pk,
        "draft_page": draft.url_path.removeprefix(home.url_path).strip("/"),
        "draft_page_id": draft.pk,
        "news_page": public.url_path.removeprefix(home.url_path).strip("/"),
        "private_page": private.url_path.removeprefix(home.url_path).strip("/"),
        "private_page_id": private.pk,
        "restriction": restriction.pk,
    }


def _councils(people, o, m):
    """A council of the community's direction with a past draw, an announced
    one, a seated member, a candidate's withdraw link, a past session with
    minutes, and its own channel in the community, where a member by choice
    (outside the matrix's roles, a citizen of the community) wrote."""
    council = council_services.council_create(
        name="Conseil citoyen", slug="conseil", territory="Quartier Nord",
        direction=o["direction"], term_start=dt.date(2026, 1, 1), term_end=dt.date(2028, 1, 1),
        colleges=[("Habitants", 4)], sub_areas=["Nord", "Sud"],
    )
    college = council.colleges.get()
    candidates = [
        council_services.candidate_volunteer(
            council=council, name=f"Habitant {n}", email=f"habitant{n}@example.org",
            territory="Nord", consent_given=True,
            characteristics={"age_band": "30-44", "gender": ("woman", "man")[n % 2],
                             "sub_area": ("Nord", "Sud")[n % 2]},
        )
        for n in range(6)
    ]
    draw = council_services.draw_announce(college=college, seats=2, quotas={},
                                          seed_source="Loto", now=timezone.now()
                                          - dt.timedelta(days=2))
    council_services.draw_fix_seed(draw=draw, seed="1 2 3 4 5")
    council_services.draw_run(draw=draw)
    council_services.probabilities_estimate(draw_id=draw.pk, runs=20)
    announced = council_services.draw_announce(college=college, seats=1, quotas={},
                                               seed_source="Loto de demain")
    # The informed member volunteered with their account's address.
    candidacy = council_services.candidate_volunteer(
        council=council, name="Informed Person", email=people["informed"].email, territory="Sud",
        consent_given=True, user=people["informed"],
        characteristics={"age_band": "60+", "gender": "woman", "sub_area": "Sud"},
    )
    # A session that took place, with its minutes for the members.
    start = timezone.now() + dt.timedelta(days=1)
    session = council_services.session_schedule(
        council=council, organiser=people["cultivator"], title="Séance", starts_at=start,
        ends_at=start + dt.timedelta(hours=2), address="Mairie", agenda="Budget")
    Event.objects.filter(pk=session.event_id).update(
        starts_at=start - dt.timedelta(days=3), ends_at=start - dt.timedelta(days=3, hours=-2))
    council_services.session_minutes(session=session, minutes="Adopté.")
    sitting = MembershipFactory(
        community=o["community"], circle=Circle.CITIZENS,
        user=UserFactory(email="council.member@example.org", display_name="Colette Conseil"),
    ).user
    council_services.member_appoint(college=college, name="Colette Conseil", user=sitting)
    council = council_services.channel_open(council=council, community=o["community"],
                                            actor=people["cultivator"])
    council_said = talk.message_post(channel=council.channel, author=sitting,
                                     body=f"Au conseil {m['council_message']}")
    return {
        "council_channel": council.channel_id,
        "council_message": council_said.pk,
        "council_session": session.pk,
        "council_candidacy": candidacy.pk,
        "council": council.slug, "council_draw": draw.pk, "council_announced": announced.pk,
        "council_member": draw.members.first().pk,
        "candidate_token": council_tokens.make(candidates[0]),
    }


def build() -> World:
    """Every object the matrix names, with the secret markers planted."""
    people, o = _people()
    # What each secret object says: its search word and its marker.
    m = {key: f"{marker.search} {marker.text}" for key, marker in MARKERS.items()}
    world = World(people=people, objects=o)
    ids = world.ids
    ids.update(community=o["community"].slug, community_pk=o["community"].pk,
               other_community=o["other"].slug,
               direction=o["direction"].slug)
    event_ids, events = _events(people, o, m)
    ids.update(event_ids)
    ids.update(_needs(people, o, m))
    talk_ids, talk = _discussions_and_groups(people, o, m)
    ids.update(talk_ids)
    ids.update(_communities(people, o))
    ids.update(_letters(people, o, m, events))
    ids.update(_cms(people, o, m))
    ids.update(_councils(people, o, m))
    ids.update(build_calls(people, o))
    ids.update(build_watch(people, o))
    ids.update(build_coaching(people, o))
    ids.update(build_processes(people, o))
    ids.update(build_organising(people, o))
    ids.update(build_barometers(people, o))

    ids["notification"] = Notification.objects.filter(recipient=people["informed"]).latest("pk").pk
    for role in ("citizen", "informed", "engaged", "gardener", "staff"):
        ids[f"{role}_id"] = people[role].pk
    o.update(events, **talk)
    return world


def clients(world: World) -> dict[str, Client]:
    """One client per role, signed in with the second factor passed."""
    result = {}
    for role in ROLES:
        client = Client()
        user = world.people[role]
        if user.is_authenticated:
            client.force_login(user)
            session = client.session
            session_mark(session, user)
            session.save()
        result[role] = client
    return result
