"""The calls' reads at their edges (calls/selectors.py): which call, which
person, which state each list keeps; the order each one promises; a
funder's export, every cell of it; and the queries each read costs. The
mutation run of this module stands on these tests and the walk of
tests/calls/test_list_twin.py (docs/testing.md)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import User
from calls import selectors, services
from calls.models import Application, Call, CoCarrier, Question
from tests.rows import rewritten

from .conftest import complete, make_org

pytestmark = pytest.mark.django_db


def another_call(agent, direction, *, title="Vergers d'hiver", closes_in=10, publish=True):
    now = timezone.now()
    call = services.call_create(
        agent=agent, direction=direction, title=title, summary="Des vergers.",
        budget=Decimal(10000), opens_at=now - dt.timedelta(days=2),
        closes_at=now + dt.timedelta(days=closes_in), criteria=[("Utilité", 1)],
        documents=["Statuts"], partners=[direction])
    return services.call_publish(call=call) if publish else call


# --- Lists of calls ------------------------------------------------------------------------


def test_a_call_is_closed_from_its_deadline_on_and_counts_its_last_day_as_zero(call):
    closes = call.closes_at

    assert selectors.countdown(call, closes) is None
    assert selectors.countdown(call, closes - dt.timedelta(microseconds=1)) == 0
    assert selectors.countdown(call, closes - dt.timedelta(days=1)) == 1


def test_the_calls_page_lists_open_calls_by_deadline_then_closed_ones_latest_first(
        call, agent, direction, django_assert_num_queries):
    soon = another_call(agent, direction, title="Bientôt", closes_in=3)
    closed = [rewritten(another_call(agent, direction, title=title),
                    opens_at=timezone.now() - dt.timedelta(days=60),
                    closes_at=timezone.now() - dt.timedelta(days=days))
              for title, days in (("Il y a longtemps", 30), ("Hier", 1))]
    another_call(agent, direction, title="Brouillon", publish=False)

    with django_assert_num_queries(2):  # the calls with their direction, their themes
        current, past = selectors.call_list(timezone.now())
        names = ([(c.title, c.direction.name, c.days_left, [t.name for t in c.themes.all()])
                  for c in current], [(c.title, c.days_left) for c in past])

    assert names == ([("Bientôt", "Cohésion urbaine", 2, []),
                      ("Quartiers fertiles", "Cohésion urbaine", 19, ["alimentation"])],
                     [("Hier", None), ("Il y a longtemps", None)])
    assert [c.pk for c in past] == [closed[1].pk, closed[0].pk]
    assert soon.pk in {c.pk for c in current}


def test_an_agents_drafts_are_the_drafts_of_their_own_directions_by_deadline(
        call, agent, direction, funder, reviewers):
    later = another_call(agent, direction, title="Plus tard", closes_in=40, publish=False)
    sooner = another_call(agent, direction, title="Plus tôt", closes_in=5, publish=False)
    another_call(reviewers[1], funder, title="Chez les financeurs", publish=False)

    assert list(selectors.drafts_of(agent)) == [sooner, later]  # not the published call
    assert [c.title for c in selectors.drafts_of(reviewers[1])] == ["Chez les financeurs"]


def test_a_calls_page_reads_its_parts_in_a_fixed_number_of_queries(
        call, django_assert_num_queries):
    def parts(page):
        return (page.direction.name, [c.title for c in page.criteria.all()],
                [d.name for d in page.required_documents.all()],
                sorted(p.name for p in page.partners.all()),
                list(page.partner_organisations.all()), [t.name for t in page.themes.all()])

    # The call and its direction, then each part once, however often the page reads it.
    with django_assert_num_queries(6):
        page = selectors.call_page(call.slug)
        assert parts(page) == parts(page)
        parts = parts(page)

    assert parts == ("Cohésion urbaine", ["Utilité sociale", "Faisabilité"],
                     ["Statuts", "Budget"], ["Cohésion urbaine", "Environnement"], [],
                     ["alimentation"])


# --- A person's applications ---------------------------------------------------------------


def test_my_applications_on_a_calls_page_are_those_of_that_call(
        call, agent, direction, lead, django_assert_num_queries):
    org, admin, _member = lead
    here = services.application_start(call=call, organisation=org, user=admin, title="Ici")
    elsewhere = another_call(agent, direction)
    there = services.application_start(call=elsewhere, organisation=org, user=admin,
                                       title="Là-bas")

    with django_assert_num_queries(1):  # with their call and organisation
        rows = [(a.title, a.call.title, a.organisation.name)
                for a in selectors.applications_of(admin, call)]

    assert rows == [("Ici", "Quartiers fertiles", "Les Jardins du Nord")]
    assert [a.pk for a in selectors.applications_of(admin, elsewhere)] == [there.pk]
    assert {a.pk for a in selectors.applications_of(admin)} == {here.pk, there.pk}


def test_to_review_lists_by_the_calls_deadline_then_by_title(
        call, agent, direction, reviewers, lead, third, django_assert_num_queries):
    first = reviewers[0]
    sooner = another_call(agent, direction, title="Plus tôt", closes_in=5)
    made = []
    for target, organisation, title in ((call, lead, "Abeilles"), (sooner, lead, "Zinnias"),
                                        (call, third, "Achillées"), (sooner, third, "Bleuets")):
        org, admin = organisation[0], organisation[1]
        application = services.application_start(call=target, organisation=org, user=admin,
                                                  title=title)
        complete(application, admin)
        services.application_submit(application=application, user=admin)
        services.reviewer_assign(application=application, reviewer=first)
        made.append(application)

    with django_assert_num_queries(1):  # with their call
        rows = [(a.title, a.call.title) for a in selectors.to_review(first)]

    assert rows == [("Bleuets", "Plus tôt"), ("Zinnias", "Plus tôt"),
                    ("Abeilles", "Quartiers fertiles"), ("Achillées", "Quartiers fertiles")]


# --- The call's board ----------------------------------------------------------------------


def test_the_board_lists_received_applications_by_submission_with_their_split(
        call, agent, direction, funder, lead, third, partner_org, django_assert_num_queries):
    received = []
    for organisation, title in ((lead, "Premier déposé"), (third, "Déposé avant")):
        org, admin = organisation[0], organisation[1]
        application = complete(services.application_start(
            call=call, organisation=org, user=admin, title=title), admin)
        received.append(services.application_submit(application=application, user=admin))
    # The second one made was submitted first.
    rewritten(received[1], submitted_at=received[0].submitted_at - dt.timedelta(hours=1))
    services.application_start(call=call, organisation=partner_org[0], user=partner_org[1],
                               title="Brouillon")
    decided = services.application_complete(application=received[0], agent=agent)
    services.application_decide(application=decided, agent=agent, decision="funded",
                                amount="8000", split={f"direction-{direction.pk}": "3000",
                                                      f"direction-{funder.pk}": "5000"})
    call = Call.objects.get(pk=call.pk)

    with django_assert_num_queries(4):  # criteria, applications, their shares, the scores
        board = selectors.board(call)
        rows = [(r.application.title, r.application.organisation.name,
                 sorted((str(s.funder), s.amount) for s in r.application.shares.all()))
                for r in board["rows"]]

    assert rows == [
        ("Déposé avant", "Troisième Voie", []),
        ("Premier déposé", "Les Jardins du Nord",
         [("Cohésion urbaine", Decimal("3000.00")), ("Environnement", Decimal("5000.00"))]),
    ]


# --- A funder's export ---------------------------------------------------------------------

HEADER = ["Application", "Organisation", "Status", "Amount requested (€)", "Amount granted (€)",
          "Funder", "Granted by this funder (€)", "Reviewer",
          "Utilité sociale", "Utilité sociale: comment", "Faisabilité", "Faisabilité: comment",
          "Weighted score"]


@pytest.fixture
def reviewed(call, agent, direction, funder, reviewers, lead, third, partner_org):
    """Two received applications: the lead's, scored in part by the funder's
    reviewer and funded, and the third organisation's, assigned first, and
    also to the admin of a funding foundation; a draft."""
    first, second = reviewers
    foundation, foundation_admin, _ = make_org("Fondation des Sols", "fondation@example.org")
    services.call_update(call=call, partner_organisations=[foundation])
    made = []
    for organisation, title in ((lead, "Potagers"), (third, "Vergers")):
        org, admin = organisation[0], organisation[1]
        application = complete(services.application_start(
            call=call, organisation=org, user=admin, title=title), admin)
        application = services.application_submit(application=application, user=admin)
        made.append(services.application_complete(application=application, agent=agent))
    potagers, vergers = made
    services.reviewer_assign(application=vergers, reviewer=second)
    services.reviewer_assign(application=potagers, reviewer=first)
    services.reviewer_assign(application=potagers, reviewer=second)
    services.reviewer_assign(application=vergers, reviewer=foundation_admin)
    criteria = list(call.criteria.all())
    services.scores_save(application=potagers, reviewer=second,
                         scores={criteria[0].pk: (4, "Utile au quartier")})
    services.application_decide(application=potagers, agent=agent, decision="funded",
                                amount="8000", split={f"direction-{direction.pk}": "3000",
                                                      f"direction-{funder.pk}": "5000",
                                                      f"organisation-{foundation.pk}": "0"})
    services.application_start(call=call, organisation=partner_org[0], user=partner_org[1],
                               title="Brouillon")
    return Call.objects.get(pk=call.pk)


POTAGERS_BY_FIRST = ["Potagers", "Les Jardins du Nord", "Decided", "8000.00", "8000.00",
                     "Cohésion urbaine", "3000.00", "Rita Relit", "", "", "", "", ""]
POTAGERS_BY_SECOND = ["Potagers", "Les Jardins du Nord", "Decided", "8000.00", "8000.00",
                      "Environnement", "5000.00", "Rémi Relit", 4, "Utile au quartier", "", "",
                      "4.00"]
VERGERS_BY_SECOND = ["Vergers", "Troisième Voie", "Complete", "8000.00", "", "Environnement",
                     "", "Rémi Relit", "", "", "", "", ""]
VERGERS_BY_FOUNDATION = ["Vergers", "Troisième Voie", "Complete", "8000.00", "",
                         "Fondation des Sols", "", "Admin Fondation des Sols", "", "", "", "", ""]


def test_the_calls_agents_export_every_assignment_every_cell_by_application(
        reviewed, agent, django_assert_num_queries):
    with django_assert_num_queries(4):  # criteria, scores, shares, assignments with names
        rows = selectors.export_rows(reviewed, agent, everything=True)

    assert rows == [HEADER, POTAGERS_BY_FIRST, POTAGERS_BY_SECOND, VERGERS_BY_SECOND,
                    VERGERS_BY_FOUNDATION]


@pytest.mark.parametrize("reviewer, expected", [
    (0, [POTAGERS_BY_FIRST]),
    (1, [POTAGERS_BY_SECOND, VERGERS_BY_SECOND]),
    ("fondation@example.org", [VERGERS_BY_FOUNDATION]),
])
def test_a_funder_exports_only_what_its_own_reviewers_were_assigned(
        reviewed, reviewers, reviewer, expected):
    person = (reviewers[reviewer] if isinstance(reviewer, int)
              else User.objects.get(email=reviewer))
    assert selectors.export_rows(reviewed, person, everything=False) == [HEADER, *expected]


def test_an_applications_page_reads_everything_it_shows_in_eleven_queries(
        reviewed, lead, partner_org, django_assert_num_queries):
    potagers = Application.objects.get(title="Potagers")
    CoCarrier.objects.create(application=potagers, organisation=partner_org[0])
    services.report_file(application=potagers, author=lead[1], text="Les bacs sont posés.",
                         progress=50)

    def parts(page):
        return (
            page.call.title, page.call.direction.name, page.organisation.name,
            [c.organisation.name for c in page.carriers.all()],
            len(page.budget_lines.all()), len(page.attachments.all()),
            sorted((a.reviewer.display_name, str(a.funder)) for a in page.assignments.all()),
            [c.title for c in page.call.criteria.all()],
            [d.name for d in page.call.required_documents.all()],
            sorted(p.name for p in page.call.partners.all()),
            [o.name for o in page.call.partner_organisations.all()],
            sorted((str(s.funder), s.amount) for s in page.shares.all()),
            [(r.text, r.author.display_name) for r in page.reports.all()],
        )

    # The application with its call, direction and organisation, then one per
    # part, however often the page reads it.
    with django_assert_num_queries(11):
        page = selectors.application_page(potagers.pk)
        assert parts(page) == parts(page)
        read = parts(page)

    assert read == (
        "Quartiers fertiles", "Cohésion urbaine", "Les Jardins du Nord", ["Collectif Sud"], 2, 2,
        [("Rita Relit", "Cohésion urbaine"), ("Rémi Relit", "Environnement")],
        ["Utilité sociale", "Faisabilité"], ["Statuts", "Budget"],
        ["Cohésion urbaine", "Environnement"], ["Fondation des Sols"],
        [("Cohésion urbaine", Decimal("3000.00")), ("Environnement", Decimal("5000.00")),
         ("Fondation des Sols", Decimal("0.00"))],
        [("Les bacs sont posés.", "Admin Les Jardins du Nord")],
    )


# --- Questions and answers -----------------------------------------------------------------


@pytest.fixture
def questions(call, agent, direction, asker):
    """On this call: answered in public (twice: the second asked first),
    answered to the asker alone, waiting (twice); on another call: answered
    in public, waiting."""
    elsewhere = another_call(agent, direction)
    made = {}
    for target, name, answer, public in (
            (call, "public", "Oui.", True), (call, "public too", "Aussi.", True),
            (call, "private", "Non.", False),
            (call, "waiting", None, False), (call, "waiting too", None, False),
            (elsewhere, "elsewhere public", "Oui.", True), (elsewhere, "elsewhere", None, False)):
        question = services.question_ask(call=target, user=asker, text=name)
        if answer:
            question = services.question_answer(question=question, agent=agent, answer=answer,
                                                public=public)
        made[name] = question
    # Made in this order, asked in the other: the dates decide.
    start = timezone.now() - dt.timedelta(days=10)
    for offset, name in enumerate(reversed(list(made))):
        rewritten(made[name], created_at=start + dt.timedelta(hours=offset))
    rewritten(made["private"], answered_at=start + dt.timedelta(days=2))
    rewritten(made["public"], answered_at=start + dt.timedelta(days=1))
    return made


def titles(rows):
    return [q.text for q in rows]


def test_the_public_reads_the_calls_public_answers_only_oldest_question_first(call, questions):
    assert titles(selectors.questions_answered(call)) == ["public too", "public"]


def test_the_asker_reads_their_own_other_questions_of_this_call_oldest_first(
        call, questions, asker, agent):
    assert titles(selectors.questions_of(asker, call)) == ["waiting too", "waiting", "private"]
    assert selectors.questions_of(agent, call) == []


def test_the_team_counts_and_reads_the_waiting_first_then_the_latest_answer(
        call, questions, django_assert_num_queries):
    assert selectors.questions_unanswered_count(call) == 2

    with django_assert_num_queries(1):  # with who asked
        rows = [(q.text, q.asked_by.display_name) for q in selectors.questions_for_team(call)]

    assert rows == [("waiting too", "Aline Asker"), ("waiting", "Aline Asker"),
                    ("public too", "Aline Asker"), ("private", "Aline Asker"),
                    ("public", "Aline Asker")]


def test_questions_asked_at_the_same_moment_keep_the_order_they_were_asked_in(call, asker):
    same = timezone.now() - dt.timedelta(days=1)
    made = [services.question_ask(call=call, user=asker, text=text) for text in "ab"]
    Question.objects.filter(call=call).update(created_at=same)

    assert titles(selectors.questions_of(asker, call)) == ["a", "b"]
    assert titles(selectors.questions_for_team(call)) == ["a", "b"]
    assert made[0].pk < made[1].pk


# --- Follow-up ------------------------------------------------------------------------------


def test_a_report_is_due_from_a_funded_decided_application_only(reviewed):
    rewritten(reviewed, final_report_due_at=timezone.now() + dt.timedelta(days=30))
    potagers = Application.objects.get(title="Potagers")
    due = selectors.report_due_applications(timezone.now())

    assert list(due.values_list("title", flat=True)) == ["Potagers"]
    assert potagers.status == Application.Status.DECIDED
