"""A call's own services at their edges (calls/services/calls.py): each
refusal in its words, on its field, with its code, and writing nothing;
what a call stores (its address, its criteria and documents in order, its
funders); a change that leaves out a part keeps it; and, once published,
the criteria and documents applicants relied on stay the same rows, so
that no reviewer's score is lost. The mutation run of this module stands
on these tests (docs/testing.md)."""

import datetime as dt
from decimal import Decimal

import pytest

from calls import services
from calls.models import Call, Criterion, RequiredDocument
from tests.refusals import refusals

from .conftest import make_org

OPENS = dt.datetime(2027, 2, 1, 9, 0, tzinfo=dt.UTC)
CLOSES = dt.datetime(2027, 3, 1, 18, 0, tzinfo=dt.UTC)


def create(agent, direction, **fields):
    values = {"title": "Jardins partagés", "summary": "Des jardins.", "budget": Decimal(20000),
              "opens_at": OPENS, "closes_at": CLOSES, "criteria": [("Utilité", 2)]}
    return services.call_create(agent=agent, direction=direction, **{**values, **fields})


def parts(call) -> tuple:
    call = Call.objects.get(pk=call.pk)
    return (list(call.criteria.values_list("title", "weight", "position")),
            list(call.required_documents.values_list("name", "position")),
            sorted(call.themes.names()), sorted(d.slug for d in call.partners.all()),
            sorted(o.name for o in call.partner_organisations.all()))


# --- Refusals ------------------------------------------------------------------------------


@pytest.mark.parametrize("fields,expected", [
    ({"closes_at": OPENS}, ("closes_at", "A call closes after it opens.", "dates")),
    ({"budget": Decimal("-0.01")}, ("budget", "The budget cannot be negative.", "budget")),
    ({"criteria": []}, ("criteria", "A call needs at least one criterion.", "no_criteria")),
    ({"criteria": [("Utilité", 2), ("Coût", 0)]},
     ("criteria", "Each criterion weighs from 1 to 100.", "weight")),
    ({"criteria": [("Utilité", "101")]},
     ("criteria", "Each criterion weighs from 1 to 100.", "weight")),
])
def test_each_refusal_is_in_words_on_its_field_and_writes_nothing(agent, direction, fields,
                                                                  expected):
    assert refusals(lambda: create(agent, direction, **fields)) == [expected]
    assert not Call.objects.exists()


def test_each_limit_itself_is_allowed(agent, direction):
    call = create(agent, direction, budget=Decimal(0), closes_at=OPENS + dt.timedelta(seconds=1),
                  criteria=[("Utilité", 1), ("Faisabilité", "100")])
    assert parts(call)[0] == [("Utilité", 1, 0), ("Faisabilité", 100, 1)]


# --- What a call stores ----------------------------------------------------------------------


def test_a_new_call_is_a_draft_with_its_parts_in_order(agent, direction, funder):
    org = make_org("Fondation Terre", "fondation@example.org")[0]
    call = create(agent, direction, rules="Les règles.", eligible_territories="Nord",
                  final_report_due_at=CLOSES + dt.timedelta(days=365), state="published",
                  criteria=[("Utilité", "3"), ("Faisabilité", 1)],
                  documents=["Statuts", "Budget"], themes=["alimentation", "eau"],
                  partners=[direction, funder], partner_organisations=[org])
    call = Call.objects.get(pk=call.pk)
    assert (call.direction, call.created_by, call.state, call.slug, call.rules,
            call.eligible_territories, call.final_report_due_at) == (
        direction, agent, Call.State.DRAFT, "jardins-partages", "Les règles.", "Nord",
        CLOSES + dt.timedelta(days=365))
    assert parts(call) == (
        [("Utilité", 3, 0), ("Faisabilité", 1, 1)], [("Statuts", 0), ("Budget", 1)],
        ["alimentation", "eau"], ["cohesion", "environnement"], ["Fondation Terre"])


@pytest.mark.parametrize("titles,slug", [
    (["Jardins partagés"] * 3, "jardins-partages-3"),
    (["!!!"], "appel"),
    (["!!!", "???"], "appel-2"),
    (["a" * 200], "a" * 180),
])
def test_a_call_gets_an_address_of_its_own(agent, direction, titles, slug):
    for title in titles:
        call = create(agent, direction, title=title)
    assert call.slug == slug


# --- Changing a call -------------------------------------------------------------------------


@pytest.fixture
def draft(agent, direction, funder):
    org = make_org("Fondation Terre", "fondation@example.org")[0]
    return create(agent, direction, criteria=[("Utilité", 3), ("Faisabilité", 1)],
                  documents=["Statuts"], themes=["eau"], partners=[direction, funder],
                  partner_organisations=[org])


def test_a_change_that_leaves_a_part_out_keeps_it(draft):
    before = parts(draft)
    services.call_update(call=draft, title="Jardins partagés 2027", slug="ailleurs",
                         created_by=None)
    call = Call.objects.get(pk=draft.pk)
    assert (call.title, call.slug, call.created_by_id) == (
        "Jardins partagés 2027", "jardins-partages", draft.created_by_id)
    assert parts(call) == before


def test_a_drafts_parts_are_replaced_in_their_new_order(draft, direction):
    services.call_update(call=draft, criteria=[("Faisabilité", "2"), ("Impact", 5)],
                         documents=["Budget", "Statuts"], themes=[], partners=[direction],
                         partner_organisations=[])
    assert parts(draft) == ([("Faisabilité", 2, 0), ("Impact", 5, 1)],
                            [("Budget", 0), ("Statuts", 1)], [], ["cohesion"], [])


@pytest.mark.parametrize("fields,expected", [
    ({"closes_at": OPENS}, ("closes_at", "A call closes after it opens.", "dates")),
    ({"criteria": []}, ("criteria", "A call needs at least one criterion.", "no_criteria")),
])
def test_a_change_is_checked_and_changes_nothing(draft, fields, expected):
    before = parts(draft)
    assert refusals(lambda: services.call_update(call=draft, title="Autre", **fields)) == [
        expected]
    assert (Call.objects.get(pk=draft.pk).title, parts(draft)) == ("Jardins partagés", before)


@pytest.mark.parametrize("change", [
    {"criteria": [("Utilité", 3)]},
    {"criteria": [("Faisabilité", 1), ("Utilité", 3)]},
    {"criteria": [("Utilité", 4), ("Faisabilité", 1)]},
    {"documents": ["Statuts", "Budget"]},
    {"documents": []},
])
def test_once_published_criteria_and_documents_no_longer_change(draft, change):
    services.call_publish(call=draft)
    before = parts(draft)
    assert refusals(lambda: services.call_update(call=draft, title="Autre", **change)) == [
        (None, "Once a call is published its criteria and required documents no longer change.",
         "published")]
    assert (Call.objects.get(pk=draft.pk).title, parts(draft)) == ("Jardins partagés", before)


def test_once_published_the_same_criteria_keep_their_rows(draft):
    services.call_publish(call=draft)
    criteria = list(Criterion.objects.filter(call=draft).values_list("pk", flat=True))
    documents = list(RequiredDocument.objects.filter(call=draft).values_list("pk", flat=True))
    services.call_update(call=draft, title="Jardins partagés (prolongé)",
                         closes_at=CLOSES + dt.timedelta(days=7),
                         criteria=[("Utilité", "3"), ("Faisabilité", 1)], documents=["Statuts"])
    services.call_update(call=draft, criteria=[("Utilité", 3), ("Faisabilité", 1)])
    services.call_update(call=draft, documents=("Statuts",))
    assert list(Criterion.objects.filter(call=draft).values_list("pk", flat=True)) == criteria
    assert list(RequiredDocument.objects.filter(call=draft).values_list("pk", flat=True)
                ) == documents
    call = Call.objects.get(pk=draft.pk)
    assert (call.title, call.closes_at) == ("Jardins partagés (prolongé)",
                                            CLOSES + dt.timedelta(days=7))


def test_publishing_is_once(draft):
    assert services.call_publish(call=draft).state == Call.State.PUBLISHED
    assert Call.objects.get(pk=draft.pk).state == Call.State.PUBLISHED
    assert refusals(lambda: services.call_publish(call=draft)) == [
        (None, "This call is already published.", "published")]

