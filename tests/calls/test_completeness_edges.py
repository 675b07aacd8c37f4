"""A received file's admissibility at its edges (calls/services/completeness.py):
the request's length on both sides of its limit, asking again, the state
each write starts from, every missing document named at once, and what is
written, dated and told."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from calls import services
from calls.models import Application, Attachment
from calls.services.completeness import pieces_pending
from notifications.models import Notification
from tests.refusals import refusals

from .conftest import complete

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

AT = dt.datetime(2027, 3, 2, 10, 0, tzinfo=dt.UTC)
STATE = ("Only a received application, not yet declared complete, is checked for its pieces.")


@pytest.fixture
def received(application, lead):
    complete(application, lead[1])
    return services.application_submit(application=application, user=lead[1])


def stored(application) -> tuple:
    row = Application.objects.get(pk=application.pk)
    return (row.status, row.pieces_request, row.pieces_requested_at, row.completed_at,
            row.completed_by_id)


def told(kind) -> list[tuple]:
    return sorted(Notification.objects.filter(kind=kind).values_list(
        "recipient__email", "actor_id", "url", "data"), key=str)


# Asking for pieces --------------------------------------------------------------------

def test_a_request_of_the_limit_is_kept_and_one_more_character_is_refused(received, agent):
    assert refusals(lambda: services.pieces_request(
        application=received, agent=agent, text="x" * 2001)) == [
        ("text", "Keep the request under 2000 characters (this one has 2001).", "too_long")]
    assert stored(received) == (Application.Status.SUBMITTED, "", None, None, None)
    assert told("call_pieces_requested") == []
    services.pieces_request(application=received, agent=agent, text=f"  {'y' * 2000}\n",
                            now=AT)
    assert stored(received) == (Application.Status.SUBMITTED, "y" * 2000, AT, None, None)


@pytest.mark.parametrize("text", ["", " \n ", None])
def test_a_request_without_words_is_refused(received, agent, text):
    assert refusals(lambda: services.pieces_request(
        application=received, agent=agent, text=text)) == [
        ("text", "Say which pieces are missing.", "text")]
    assert stored(received) == (Application.Status.SUBMITTED, "", None, None, None)


def test_asking_again_replaces_the_request_and_tells_the_admins_again(received, agent):
    services.pieces_request(application=received, agent=agent, text="Les statuts.", now=AT)
    later = AT + dt.timedelta(days=2)
    services.pieces_request(application=received, agent=agent, text="Le budget.", now=later)
    assert stored(received)[1:3] == ("Le budget.", later)
    url = received.get_absolute_url()
    base = {"title": received.title, "call": received.call.title}
    assert told("call_pieces_requested") == [
        ("lead@example.org", agent.pk, url, {**base, "text": "Le budget."}),
        ("lead@example.org", agent.pk, url, {**base, "text": "Les statuts."}),
    ]


def test_each_write_costs_a_known_number_of_queries(received, agent,
                                                            django_assert_num_queries):
    """The locked read brings the call with it."""
    with django_assert_num_queries(8):
        services.pieces_request(application=received, agent=agent, text="Le budget.")
    with django_assert_num_queries(9):
        services.application_complete(application=received, agent=agent)


def test_pieces_are_pending_from_the_request_until_the_file_is_complete(received, agent):
    assert pieces_pending(received) is False
    received = services.pieces_request(application=received, agent=agent, text="Le budget.")
    assert pieces_pending(received) is True
    assert pieces_pending(services.application_complete(application=received,
                                                        agent=agent)) is False


@pytest.mark.parametrize("status", [Application.Status.DRAFT, Application.Status.COMPLETE,
                                    Application.Status.UNDER_REVIEW,
                                    Application.Status.OPINION_GIVEN,
                                    Application.Status.DECIDED])
def test_only_a_received_file_is_asked_for_pieces_or_declared_complete(received, agent,
                                                                        status):
    Application.objects.filter(pk=received.pk).update(status=status)
    before = stored(received)
    assert refusals(lambda: services.pieces_request(
        application=received, agent=agent, text="Le budget.")) == [(None, STATE, "state")]
    assert refusals(lambda: services.application_complete(
        application=received, agent=agent)) == [(None, STATE, "state")]
    assert stored(received) == before
    assert told("call_pieces_requested") == told("call_application_complete") == []


def test_the_state_is_read_again_under_the_lock(received, agent):
    """The agent's page copy says received; another agent declared it
    complete meanwhile."""
    services.application_complete(application=Application.objects.get(pk=received.pk),
                                  agent=agent)
    assert received.status == Application.Status.SUBMITTED
    assert refusals(lambda: services.pieces_request(
        application=received, agent=agent, text="Le budget.")) == [(None, STATE, "state")]


# Declaring it complete ---------------------------------------------------------------

def test_every_missing_document_is_named_at_once_in_the_calls_order(received, agent):
    Attachment.objects.filter(application=received).delete()
    with pytest.raises(ValidationError) as refused:
        services.application_complete(application=received, agent=agent)
    assert [(e.code, e.messages[0]) for e in refused.value.error_list] == [
        ("missing", "The document “Statuts” is missing."),
        ("missing", "The document “Budget” is missing."),
    ]
    assert stored(received) == (Application.Status.SUBMITTED, "", None, None, None)
    assert told("call_pieces_requested") == told("call_application_complete") == []


def test_one_document_attached_leaves_the_other_missing(received, agent):
    Attachment.objects.filter(application=received, document__name="Budget").delete()
    assert refusals(lambda: services.application_complete(application=received, agent=agent)) == [
        (None, "The document “Budget” is missing.", "missing")]


def test_complete_it_is_dated_signed_and_told_to_every_carrier(received, agent):
    done = services.application_complete(application=received, agent=agent, now=AT)
    assert stored(received) == (Application.Status.COMPLETE, "", None, AT, agent.pk)
    assert (done.status, done.completed_at, done.completed_by) == (
        Application.Status.COMPLETE, AT, agent)
    assert told("call_application_complete") == [
        (email, agent.pk, received.get_absolute_url(),
         {"title": received.title, "call": received.call.title})
        for email in ("lead.member@example.org", "lead@example.org")]
