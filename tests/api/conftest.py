"""Fixtures of the API tests: a small public world with people whose e-mail
addresses must never come out, and a fresh throttle for each test."""

import copy
import uuid

import pytest
from rest_framework.test import APIClient

from communities.models import Circle
from events.models import Event
from tests.events.factories import EventFactory
from tests.factories import CommunityFactory, MembershipFactory, UserFactory


@pytest.fixture(autouse=True)
def _english(in_english):
    pass


@pytest.fixture(autouse=True)
def _fresh_throttle(settings):
    """Generous limits and empty counters: only the throttling tests hit them.

    Empty through a cache namespace of the test's own, not cache.clear():
    with REDIS_URL the cache is the Redis the other xdist worker uses at the
    same moment, and a FLUSHDB there emptied its caches mid-test (a query
    count one above its pin, now and then)."""
    settings.API_THROTTLE_RATES = {"anonymous": "10000/min", "account": "10000/min"}
    caches = copy.deepcopy(settings.CACHES)
    caches["default"]["KEY_PREFIX"] = f"test-{uuid.uuid4().hex}"
    settings.CACHES = caches


@pytest.fixture
def api():
    return APIClient()


def seed_public_world(size: int = 2):
    """`size` communities, each with members in every circle, a public event,
    an institution-wide event, a circles-only event and a draft (never shown)."""
    made = []
    for n in range(size):
        community = CommunityFactory()
        community.themes.add("biodiversité", "eau")
        for circle in (Circle.CITIZENS, Circle.INFORMED, Circle.ENGAGED):
            MembershipFactory(community=community, circle=circle)
        organiser = UserFactory()
        EventFactory(community=community, organiser=organiser, title=f"Public {community.slug}")
        EventFactory(
            community=community,
            organiser=organiser,
            title=f"Engaged only {community.slug}",
            audience=Event.Audience.CIRCLES,
            for_engaged=True,
        )
        EventFactory(
            community=community,
            organiser=organiser,
            title=f"Draft {community.slug}",
            state=Event.State.DRAFT,
            published_at=None,
        )
        made.append(community)
    EventFactory(community=None, title="Institution-wide", format=Event.Format.ONLINE, address="")
    return made


@pytest.fixture
def world(db):
    return seed_public_world()


def seed_process(*, proposals: int = 2, title: str = "Plan vélo 2027", publish: bool = True,
                 recommendations: int = 2, referrals: int = 1):
    """A published process of a new direction (tests/dialogue's mandate), its
    contributions phase open: `proposals` online proposals by people with
    e-mail addresses, each supported and commented; a workshop contribution;
    a hidden proposal; an answer given after the commitment date; a commitment;
    a published citizen opinion of `recommendations` recommendations (by a
    panel member with an e-mail address), the first answered after the
    commitment date, one more sent back (never public); `referrals` times, a
    community's open need (referred and answered), a need kept for its
    gardeners and a working group's result (both referred, unanswered), each
    by people with e-mail addresses."""
    import datetime as dt

    from django.utils import timezone

    from processes import services
    from tests.dialogue.conftest import MANDATE, make_process
    from tests.factories import DirectionFactory

    direction = DirectionFactory()
    lead = UserFactory(display_name="Léa Pilote")
    direction.staff.add(lead)
    services.process_lead_grant(direction=direction, person=lead, actor=None)
    process = make_process(direction, lead, publish=publish,
                           **{**MANDATE, "title": title, "answer_due_on": dt.date(2026, 1, 31)})
    if not publish:
        return process
    made = []
    for n in range(proposals):
        author = UserFactory(display_name=f"Awa Diallo {n}")
        proposal = services.proposal_create(
            process=process, author=author, title=f"Une piste n°{n}",
            text="=HYPERLINK(\"http://x\") relier le centre à la gare.", category="Pistes")
        services.support_add(proposal=proposal, person=UserFactory())
        services.comment_add(proposal=proposal, author=UserFactory(), text="D'accord.")
        made.append(proposal)
    workshop = services.workshop_contribution_create(
        process=process, actor=lead, title="Des arceaux", text="Plus d'arceaux à vélo.",
        source_label="Atelier du 12 mars, 23 participants", category="Stationnement")
    hidden = services.proposal_create(process=process, author=UserFactory(), title="Hors sujet",
                                      text="Sans rapport.")
    services.proposal_hide(proposal=hidden, actor=lead, reason="Hors sujet")
    services.answer_record(proposal=workshop, actor=lead, status="in_part",
                           reason="Cent arceaux cette année, le reste en 2028.",
                           now=timezone.now())
    services.commitment_save(process=process, actor=lead, title="Cent arceaux",
                             status="in_progress", progress=40, proposal=workshop,
                             note="Quarante posés.")
    if recommendations:
        from processes.services import opinion as op

        member = UserFactory(display_name="Nora Panel")
        op.panel_member_add(process=process, person=member, actor=lead)
        drafted = [
            op.recommendation_draft(process=process, author=member, title=f"Recommandation {n}",
                                    text="=1+1 des pistes protégées.", proposals=[workshop])
            for n in range(recommendations)
        ]
        for recommendation in drafted:
            op.recommendation_decide(recommendation=recommendation, actor=lead, accept=True)
        sent_back = op.recommendation_draft(process=process, author=member, title="Brouillon",
                                            text="Pas prêt.", proposals=[workshop])
        op.recommendation_decide(recommendation=sent_back, actor=lead, accept=False,
                                 note="À reprendre.")
        op.opinion_publish(process=process, actor=lead)
        op.recommendation_answer(recommendation=drafted[0], actor=lead, status="adopted",
                                 reason="Inscrit au budget 2027.", now=timezone.now())
    for n in range(referrals):
        seed_referrals(process, lead, n)
    return process


def seed_referrals(process, lead, n: int = 0):
    """Three referrals from a new community (its pair's region gardener), made
    the day before the commitment date; the open need's answered."""
    import datetime as dt

    from django.utils import timezone

    from communities.models import Community
    from needs import services as need_services
    from needs.models import Need
    from processes import services
    from tests.factories import GardenerPairFactory
    from workgroups import services as group_services

    name, slug = f"Vélo Commun {n}", f"velo-commun-{n}"
    if Community.objects.filter(slug=slug).exists():  # another seeded process's
        name, slug = f"{name} ({process.pk})", f"{slug}-{process.pk}"
    community = CommunityFactory(name=name, slug=slug)
    pair = GardenerPairFactory(community=community)
    author = MembershipFactory(community=community, circle=Circle.INFORMED,
                               user=UserFactory(display_name="Awa Membre")).user
    needs = [
        need_services.need_create(
            community=community, author=author, kind=Need.Kind.NEED, title=title,
            description="=cmd|' /C calc'!A0", visibility=visibility)
        for title, visibility in (("Un garage à vélos", Need.Visibility.COMMUNITY),
                                  ("Une affaire privée", Need.Visibility.GARDENERS))
    ]
    group = group_services.group_create(community=community, actor=pair.territory_gardener,
                                        name="Atelier réparation", goal="Réparer.",
                                        issue="Vélo")
    result = group_services.decision_record(group=group, actor=pair.territory_gardener,
                                            text="Une ligne du journal du groupe.",
                                            decided_on=dt.date(2025, 12, 1))
    day = process.answer_due_on - dt.timedelta(days=1)
    gardener = pair.institution_gardener
    public, _private = (
        services.referral_create(actor=gardener, process=process, need=need, today=day,
                                 message=message)
        for need, message in ((needs[0], "=SUM(A1) Un avis ?"),
                              (needs[1], "Le détail de l'affaire privée."))
    )
    services.referral_create(actor=gardener, process=process, decision=result, today=day,
                             message="Le plan de l'atelier ?")
    services.referral_answer(referral=public, actor=lead, status="adopted",
                             reason="=2+2 Un garage en 2027.", now=timezone.now())
    return community


@pytest.fixture
def process(db):
    return seed_process()
