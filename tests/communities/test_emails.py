"""Every circle request gets an answer by e-mail ("droit de suite")."""

from django.core import mail

from communities import services
from communities.models import Circle
from tests.factories import GardenerPairFactory, MembershipFactory, UserFactory


def _ask(community, user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.circle_request_create(
            community=community, user=user, circle=Circle.ENGAGED, message="Je veux aider."
        )


def test_gardeners_are_told_of_a_new_request(db, django_capture_on_commit_callbacks):
    pair = GardenerPairFactory(territory_gardener__preferred_language="en")
    member = MembershipFactory(community=pair.community, user__display_name="Aïcha").user

    _ask(pair.community, member, django_capture_on_commit_callbacks)

    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted(
        f"{g} <{g.email}>" for g in (pair.territory_gardener, pair.institution_gardener)
    )
    english = next(m for m in mail.outbox if pair.territory_gardener.email in m.to[0])
    assert "Aïcha asks to join the engaged circle" in english.subject
    assert "Je veux aider." in english.body
    assert f"/communities/{pair.community.slug}/requests/" in english.body


def test_a_request_without_gardeners_sends_nothing_and_still_is_saved(
    db, django_capture_on_commit_callbacks
):
    member = MembershipFactory().user
    request = _ask(member.memberships.get().community, member, django_capture_on_commit_callbacks)
    assert request.pk and mail.outbox == []


def test_the_member_reads_the_gardeners_answer(db, django_capture_on_commit_callbacks):
    pair = GardenerPairFactory()
    member = MembershipFactory(community=pair.community, user__preferred_language="en").user
    request = _ask(pair.community, member, django_capture_on_commit_callbacks)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.circle_request_decline(
            community=pair.community,
            request_id=request.pk,
            actor=pair.territory_gardener,
            answer="Rejoins d'abord un groupe de travail.",
        )

    [message] = mail.outbox
    assert member.email in message.to[0]
    assert "was answered" in message.subject
    assert "Rejoins d'abord un groupe de travail." in message.body


def test_an_approval_welcomes_the_member_into_the_circle(db, django_capture_on_commit_callbacks):
    pair = GardenerPairFactory()
    member = MembershipFactory(community=pair.community, user__preferred_language="en").user
    request = _ask(pair.community, member, django_capture_on_commit_callbacks)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.circle_request_approve(
            community=pair.community, request_id=request.pk, actor=pair.institution_gardener
        )

    [message] = mail.outbox
    assert "was approved" in message.subject
    assert "Welcome to the engaged circle" in message.body


def test_a_rolled_back_request_sends_no_mail(db, django_capture_on_commit_callbacks):
    pair = GardenerPairFactory()
    member = MembershipFactory(community=pair.community).user
    outsider = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        try:
            services.circle_request_create(
                community=pair.community, user=outsider, circle=Circle.ENGAGED, message="x"
            )
        except Exception:
            pass
    assert mail.outbox == []
    assert member  # the community has a member; only the outsider's request failed


def test_a_move_that_fulfils_a_request_answers_it_by_email(db, django_capture_on_commit_callbacks):
    pair = GardenerPairFactory()
    member = MembershipFactory(community=pair.community, user__preferred_language="en").user
    request = _ask(pair.community, member, django_capture_on_commit_callbacks)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.membership_move(
            community=pair.community, user=member, actor=pair.territory_gardener,
            to_circle=Circle.ENGAGED, reason="Bienvenue dans le cœur.",
        )

    request.refresh_from_db()
    assert request.status == "approved" and request.answer == "Bienvenue dans le cœur."
    [message] = mail.outbox
    assert member.email in message.to[0]
    assert "Bienvenue dans le cœur." in message.body


def test_a_move_short_of_the_request_leaves_it_pending(db, django_capture_on_commit_callbacks):
    pair = GardenerPairFactory()
    member = MembershipFactory(community=pair.community).user
    request = _ask(pair.community, member, django_capture_on_commit_callbacks)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.membership_move(
            community=pair.community, user=member, actor=pair.territory_gardener,
            to_circle=Circle.INFORMED, reason="Une étape.",
        )

    request.refresh_from_db()
    assert request.status == "pending"
    assert mail.outbox == []
