"""From communities to processes (issue #17, item 7): the region gardener
refers a need or a working group's result to a published process that still
takes referrals; the process's managers give an argued answer, counted owed
and overdue by the commitment date, shown on the process page and back in
the community; the author (or who recorded the result) and the pair are told
once each."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from processes import selectors, services
from processes.models import Referral
from tests.dialogue.conftest import make_process

DUE = dt.date(2027, 6, 30)  # the process's commitment date (tests/dialogue/conftest.py)


def _refer_need_url(need):
    return reverse("processes:refer_need", args=[need.pk])


def _kinds(user):
    return list(Notification.objects.filter(recipient=user, kind="process_referral_answered")
                .values_list("kind", flat=True))


def test_the_region_gardener_refers_a_need_shown_on_both_sides(
        need, process, region_gardener, login):
    response = login(region_gardener).post(
        _refer_need_url(need), {"process": process.pk, "message": "Un avis sur les haies ?"})
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert (referral.need, referral.process, referral.community) == (
        need, process, need.community)
    page = login(region_gardener).get(process.get_absolute_url()).content.decode()
    assert "Referred by communities" in page and "Des haies au village" in page
    assert "Waiting for its answer, due by 30 June 2027." in page
    shown = login(need.author).get(need.get_absolute_url()).content.decode()
    assert "Referred to “Plan vélo 2027”" in shown
    assert _refer_need_url(need) not in shown  # no form for the author


@pytest.mark.parametrize("role", ["gardener", "engaged", "informed", "cultivator", "staff"])
def test_only_the_region_gardener_refers(need, process, people, login, role):
    response = login(people[role]).post(
        _refer_need_url(need), {"process": process.pk, "message": "x"})
    assert response.status_code == 403
    assert not Referral.objects.exists()
    assert _refer_need_url(need) not in login(people[role]).get(
        need.get_absolute_url()).content.decode()


def test_the_region_gardener_of_another_community_may_not(need, process, other_community):
    from tests.factories import GardenerPairFactory

    other = GardenerPairFactory(community=other_community).institution_gardener
    with pytest.raises(ValidationError) as refused:
        services.referral_create(actor=other, process=process, message="x", need=need)
    assert refused.value.code == "not_institution_gardener"
    assert not other.has_perm("processes.refer_to_process", need)


def test_a_draft_process_is_refused(need, direction, lead, region_gardener):
    draft = make_process(direction, lead, publish=False, title="Brouillon")
    with pytest.raises(ValidationError) as refused:
        services.referral_create(actor=region_gardener, process=draft, message="x", need=need)
    assert refused.value.code == "process_closed"
    assert not Referral.objects.exists()


def test_a_process_past_its_commitment_date_is_refused_from_the_next_day(
        need, process, region_gardener):
    assert services.accepts_referrals(process, today=DUE)
    assert not services.accepts_referrals(process, today=DUE + dt.timedelta(days=1))
    with pytest.raises(ValidationError) as refused:
        services.referral_create(actor=region_gardener, process=process, message="x", need=need,
                                 today=DUE + dt.timedelta(days=1))
    assert refused.value.code == "process_closed"
    assert not Referral.objects.exists()
    services.referral_create(actor=region_gardener, process=process, message="x", need=need,
                             today=DUE)
    assert Referral.objects.count() == 1


def test_a_form_naming_a_closed_process_is_refused_with_a_message(
        need, direction, lead, region_gardener, login):
    draft = make_process(direction, lead, publish=False, title="Brouillon")
    response = login(region_gardener).post(_refer_need_url(need),
                                           {"process": draft.pk, "message": "x"}, follow=True)
    assert "Choose a process that takes referrals." in response.content.decode()
    assert not Referral.objects.exists()


def test_referred_once_per_process_and_a_message_is_required(need, process, region_gardener):
    with pytest.raises(ValidationError):
        services.referral_create(actor=region_gardener, process=process, message="  ", need=need)
    services.referral_create(actor=region_gardener, process=process, message="x", need=need)
    with pytest.raises(ValidationError) as refused:
        services.referral_create(actor=region_gardener, process=process, message="y", need=need)
    assert refused.value.code == "already_referred"
    assert Referral.objects.count() == 1


def test_a_working_groups_result_is_referred_and_answered(
        result, process, region_gardener, lead, people, pair, login):
    url = reverse("processes:refer_result", args=[result.pk])
    group_page = reverse("workgroups:detail", args=[result.group.community.slug,
                                                    result.group.slug])
    assert url in login(region_gardener).get(group_page).content.decode()
    assert url not in login(people["gardener"]).get(group_page).content.decode()
    assert login(people["gardener"]).post(
        url, {f"d{result.pk}-process": process.pk, f"d{result.pk}-message": "x"}
    ).status_code == 403
    response = login(region_gardener).post(
        url, {f"d{result.pk}-process": process.pk, f"d{result.pk}-message": "Un plan haies ?"})
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.decision == result
    services.referral_answer(referral=referral, actor=lead, status="in_part",
                             reason="Un plan sur trois communes d'abord.")
    shown = login(people["engaged"]).get(group_page).content.decode()
    assert "Adopted in part" in shown and "Un plan sur trois communes d&#x27;abord." in shown
    # Who recorded the result (the territory gardener) and the pair are told, once each.
    assert _kinds(people["gardener"]) == ["process_referral_answered"]
    assert _kinds(region_gardener) == ["process_referral_answered"]


def test_the_lead_answers_and_the_author_and_the_pair_are_told_once(
        need, process, region_gardener, lead, pair, login):
    referral = services.referral_create(actor=region_gardener, process=process,
                                        message="x", need=need)
    url = reverse("processes:referral_answer", args=[process.slug, referral.pk])
    assert url in login(lead).get(process.get_absolute_url()).content.decode()
    response = login(lead).post(url, {"status": "adopted", "reason": "Plantation en mars."})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.answered_by) == ("adopted", lead)
    for person in (need.author, pair.territory_gardener, pair.institution_gardener):
        assert _kinds(person) == ["process_referral_answered"]
    assert _kinds(lead) == []
    shown = login(need.author).get(need.get_absolute_url()).content.decode()
    assert "Adopted" in shown and "Plantation en mars." in shown
    assert "answered by Léa Pilote" in shown


@pytest.mark.parametrize("role", ["gardener", "engaged", "institution_gardener"])
def test_someone_else_may_not_answer(need, process, region_gardener, people, login, role):
    referral = services.referral_create(actor=region_gardener, process=process,
                                        message="x", need=need)
    url = reverse("processes:referral_answer", args=[process.slug, referral.pk])
    assert login(people[role]).post(url, {"status": "adopted", "reason": "x"}).status_code == 403
    referral.refresh_from_db()
    assert not referral.is_answered


def test_an_answer_without_a_reason_is_refused(need, process, region_gardener, lead, login):
    referral = services.referral_create(actor=region_gardener, process=process,
                                        message="x", need=need)
    url = reverse("processes:referral_answer", args=[process.slug, referral.pk])
    response = login(lead).post(url, {"status": "adopted", "reason": "  "})
    assert response.status_code == 400
    assert "an answer without its reason is not an answer" in response.content.decode()
    referral.refresh_from_db()
    assert not referral.is_answered
    assert not Notification.objects.filter(kind="process_referral_answered").exists()


def test_under_study_may_be_followed_by_the_final_answer_then_no_more(
        need, process, region_gardener, lead):
    referral = services.referral_create(actor=region_gardener, process=process,
                                        message="x", need=need)
    services.referral_answer(referral=referral, actor=lead, status="under_study",
                             reason="Étude en cours.")
    services.referral_answer(referral=referral, actor=lead, status="not_adopted",
                             reason="Hors budget.")
    with pytest.raises(ValidationError) as refused:
        services.referral_answer(referral=referral, actor=lead, status="adopted", reason="Oui")
    assert refused.value.code == "already_answered"
    referral.refresh_from_db()
    assert (referral.status, referral.reason) == ("not_adopted", "Hors budget.")
    assert Notification.objects.filter(kind="process_referral_answered",
                                       recipient=need.author).count() == 2


def test_overdue_at_the_boundary_day(need, process, region_gardener, lead):
    referral = services.referral_create(actor=region_gardener, process=process,
                                        message="x", need=need)
    referrals = selectors.referrals_of(process)
    on_due = selectors.referral_counters(referrals, process, today=DUE)
    after = selectors.referral_counters(referrals, process, today=DUE + dt.timedelta(days=1))
    assert (on_due.owed, on_due.answered, on_due.overdue) == (1, 0, 0)
    assert (after.owed, after.answered, after.overdue) == (1, 0, 1)
    # Answered at the last minute of the due day: on time, for good.
    last_minute = timezone.make_aware(dt.datetime(2027, 6, 30, 23, 59))
    services.referral_answer(referral=referral, actor=lead, status="adopted", reason="Oui",
                             now=last_minute)
    later = selectors.referral_counters(selectors.referrals_of(process), process,
                                        today=DUE + dt.timedelta(days=30))
    assert (later.answered, later.overdue) == (1, 0)


def test_an_answer_the_day_after_counts_overdue(need, process, region_gardener, lead):
    referral = services.referral_create(actor=region_gardener, process=process,
                                        message="x", need=need)
    next_day = timezone.make_aware(dt.datetime(2027, 7, 1, 0, 1))
    services.referral_answer(referral=referral, actor=lead, status="adopted", reason="Oui",
                             now=next_day)
    counters = selectors.referral_counters(selectors.referrals_of(process), process,
                                           today=DUE + dt.timedelta(days=1))
    assert (counters.answered, counters.overdue) == (1, 1)


@pytest.mark.parametrize("private", ["gardeners", "hidden"])
def test_the_process_page_keeps_what_the_community_keeps_to_itself(
        need, process, region_gardener, lead, people, login, private):
    from needs.models import Need

    services.referral_create(actor=region_gardener, process=process, need=need,
                             message="Le détail confié au processus.")
    if private == "gardeners":
        Need.objects.filter(pk=need.pk).update(visibility=Need.Visibility.GARDENERS)
        heading = "A need kept for the community's gardeners"
    else:
        Need.objects.filter(pk=need.pk).update(hidden_at=timezone.now())
        heading = "A need hidden by the community's moderation"

    for role in ("anonymous", "engaged"):
        page = login(people[role]).get(process.get_absolute_url()).content.decode()
        assert heading in page
        assert "Des haies au village" not in page
        assert "Le détail confié au processus." not in page
    # Those who answer it read what was asked.
    assert "Le détail confié au processus." in login(lead).get(
        process.get_absolute_url()).content.decode()
