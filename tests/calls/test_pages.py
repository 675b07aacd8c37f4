"""The pages: who sees what, each refusal shown in the person's words, and
the list's cost."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from calls import services
from calls.models import Application

from .conftest import PDF, complete, even_split


def _client(client, user):
    client.force_login(user)
    return client


def test_a_co_carrier_sees_and_edits_the_draft_and_a_third_organisation_does_not(
        client, application, lead, partner_org, third):
    services.cocarrier_invite(application=application, organisation=partner_org[0],
                              actor=lead[1])
    page = reverse("calls:application", args=[application.pk])
    edit = reverse("calls:application_edit", args=[application.pk])
    for person in (lead[1], lead[2], partner_org[1], partner_org[2]):
        _client(client, person)
        assert client.get(page).status_code == 200
        assert client.get(edit).status_code == 200
    _client(client, third[1])
    assert client.get(page).status_code == 403
    assert client.get(edit).status_code == 403
    response = client.post(edit, {"title": "Volé", "requested_amount": "0",
                                  "budget-TOTAL_FORMS": "0", "budget-INITIAL_FORMS": "0"})
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.title == "Potagers partagés"


def test_only_the_leads_admin_sees_the_submit_and_invite_buttons(client, application, lead):
    _client(client, lead[2])
    content = client.get(reverse("calls:application", args=[application.pk])).content.decode()
    assert "Submit the application" not in content and "Invite a co-carrier" not in content
    _client(client, lead[1])
    content = client.get(reverse("calls:application", args=[application.pk])).content.decode()
    assert "Submit the application" in content and "Invite a co-carrier" in content


def test_a_budget_that_does_not_add_up_is_explained_on_the_form(client, application, lead):
    _client(client, lead[1])
    response = client.post(reverse("calls:application_edit", args=[application.pk]), {
        "title": "Potagers", "summary": "S", "objectives": "", "territory": "",
        "requested_amount": "9000", "budget-TOTAL_FORMS": "2", "budget-INITIAL_FORMS": "0",
        "budget-0-kind": "expense", "budget-0-label": "Matériel", "budget-0-amount": "10000",
        "budget-1-kind": "cofunding", "budget-1-label": "Ville", "budget-1-amount": "2000",
    })
    assert response.status_code == 400
    assert "that is 8000 €" in response.content.decode()
    assert not application.budget_lines.exists()


def test_a_wrong_file_is_refused_with_its_reason(client, application, lead):
    _client(client, lead[1])
    document = application.call.required_documents.first()
    url = reverse("calls:upload", args=[application.pk, document.pk])
    response = client.post(url, {"file": SimpleUploadedFile("a.pdf", b"GIF89a...")}, follow=True)
    assert "Only PDF, ODT, DOCX, PNG and JPEG files are accepted." in response.content.decode()
    response = client.post(url, {"file": SimpleUploadedFile("a.pdf", PDF)}, follow=True)
    assert "“Statuts” is attached." in response.content.decode()
    download = client.get(reverse("calls:document", args=[application.pk, document.pk]))
    assert b"".join(download.streaming_content) == PDF


def test_a_form_opened_before_the_deadline_and_sent_after_is_refused(client, application, lead):
    complete(application, lead[1])
    _client(client, lead[1])
    assert client.get(reverse("calls:application", args=[application.pk])).status_code == 200
    call = application.call
    call.closes_at = timezone.now() - dt.timedelta(seconds=1)
    call.opens_at = call.closes_at - dt.timedelta(days=10)
    call.save()
    response = client.post(reverse("calls:submit", args=[application.pk]), follow=True)
    assert "This call is closed: the deadline has passed." in response.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT


def test_a_decided_application_is_shown_to_its_carriers_and_no_longer_editable(
        client, submitted, agent, lead):
    _client(client, agent)
    response = client.post(reverse("calls:decide", args=[submitted.pk]),
                           {"decision": "funded", "amount": "5000", "reasons": "",
                            **{f"split_{key}": value for key, value
                               in even_split(submitted.call, "5000").items()}})
    assert response.status_code == 302
    _client(client, lead[2])
    content = client.get(reverse("calls:application", args=[submitted.pk])).content.decode()
    assert "Funded: 5000.00 €." in content and "Edit the draft" not in content
    assert client.get(reverse("calls:application_edit", args=[submitted.pk])).status_code == 403


def test_the_board_shows_mean_and_divergence(client, submitted, agent, reviewers):
    first, second = reviewers
    services.application_complete(application=submitted, agent=agent)
    criteria = list(submitted.call.criteria.all())  # weights 3 and 1
    for reviewer, values in ((first, (5, 1)), (second, (1, 1))):
        services.reviewer_assign(application=submitted, reviewer=reviewer)
        services.scores_save(application=submitted, reviewer=reviewer,
                             scores={c.pk: (v, "") for c, v in zip(criteria, values)})
    _client(client, agent)
    content = client.get(reverse("calls:board", args=[submitted.call.slug])).content.decode()
    # (5×3 + 1×1) / 4 = 4.00 and 1.00: mean 2.50, divergence 3.00.
    assert "2.50" in content and "3.00" in content and "Under review" in content


def test_the_list_counts_down_and_costs_the_same_for_more_calls(
        client, call, agent, direction, django_assert_max_num_queries):
    assert "19 days left" in client.get(reverse("calls:list")).content.decode()
    with django_assert_max_num_queries(4):
        client.get(reverse("calls:list"))
    for n in range(5):
        services.call_publish(call=services.call_create(
            agent=agent, direction=direction, title=f"Appel {n}", summary="S",
            budget=Decimal(1), opens_at=call.opens_at, closes_at=call.closes_at,
            criteria=[("A", 1)], themes=["x"],
        ))
    with django_assert_max_num_queries(4):
        assert client.get(reverse("calls:list")).status_code == 200


@pytest.mark.parametrize("name", ["calls:board", "calls:edit"])
def test_a_carrier_does_not_reach_the_agents_pages(client, call, lead, name):
    _client(client, lead[1])
    assert client.get(reverse(name, args=[call.slug])).status_code == 403


def test_the_board_costs_the_same_for_one_or_three_applications(
        client, submitted, agent, reviewers, call, partner_org, third):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("calls:board", args=[call.slug])).status_code == 200
        return len(queries)

    services.reviewer_assign(application=submitted, reviewer=reviewers[0])
    services.application_complete(application=submitted, agent=agent)
    services.scores_save(application=submitted, reviewer=reviewers[0],
                         scores={c.pk: (3, "") for c in call.criteria.all()})
    _client(client, agent)
    one = count()
    for org, admin, _member in (partner_org, third):
        other = services.application_start(call=call, organisation=org, user=admin, title="X")
        complete(other, admin)
        services.application_submit(application=other, user=admin)
        services.application_complete(application=other, agent=agent)
        services.reviewer_assign(application=other, reviewer=reviewers[1])
        services.scores_save(application=other, reviewer=reviewers[1],
                             scores={c.pk: (4, "") for c in call.criteria.all()})
    assert count() == one


def test_a_reviewer_sees_only_the_applications_assigned(client, complete_file, reviewers, call,
                                                        partner_org):
    submitted = complete_file
    other = services.application_start(call=call, organisation=partner_org[0],
                                       user=partner_org[1], title="Autre")
    complete(other, partner_org[1])
    services.application_submit(application=other, user=partner_org[1])
    services.reviewer_assign(application=submitted, reviewer=reviewers[1])
    _client(client, reviewers[1])
    assert client.get(reverse("calls:review", args=[submitted.pk])).status_code == 200
    assert client.get(reverse("calls:application", args=[other.pk])).status_code == 403
    assert client.get(reverse("calls:review", args=[other.pk])).status_code == 403
    response = client.post(reverse("calls:review", args=[submitted.pk]), {
        **{f"score_{c.pk}": "4" for c in call.criteria.all()},
        **{f"comment_{c.pk}": "Bien" for c in call.criteria.all()},
    })
    assert response.status_code == 302
    assert submitted.scores.filter(reviewer=reviewers[1]).count() == 2


def test_an_agent_creates_a_call_for_one_of_their_directions_only(client, agent, direction,
                                                                  funder):
    _client(client, agent)
    data = {"title": "Nouvel appel", "summary": "S", "budget": "1000",
            "opens_at": "2026-01-01T09:00", "closes_at": "2026-02-01T12:00",
            "criteria": "Utilité | 2\nFaisabilité", "documents": "Statuts",
            "partners": [funder.pk]}
    response = client.post(reverse("calls:create"), {**data, "direction": funder.pk})
    assert response.status_code == 400  # not one of the agent's directions
    response = client.post(reverse("calls:create"), {**data, "direction": direction.pk})
    assert response.status_code == 302
    call = direction.calls.get(title="Nouvel appel")
    assert [(c.title, c.weight) for c in call.criteria.all()] == [("Utilité", 2),
                                                                  ("Faisabilité", 1)]
    assert call.state == "draft"


def test_the_agent_writes_the_common_opinion_on_the_decision_page(client, submitted, agent):
    _client(client, agent)
    url = reverse("calls:decide", args=[submitted.pk])
    assert client.post(url, {"opinion": ""}).status_code == 400
    assert client.post(url, {"opinion": "Un avis commun."}).status_code == 302
    submitted.refresh_from_db()
    assert (submitted.opinion, submitted.status) == ("Un avis commun.", "opinion_given")
    assert "Un avis commun." in client.get(url).content.decode()
