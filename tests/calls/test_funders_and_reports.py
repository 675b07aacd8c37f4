"""Issue 19, items 2 and 5: an outside organisation funds a call and its
admins review like a direction's agents; a grant is split among the funders
(refused unless it adds up, nothing changed); a funded project's carriers'
admins file progress reports and one final report, read by the call's agents
and the assigned reviewers; reminders 14 days and 1 day before the final
report is due, each sent once."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from calls import services, tasks, waiting
from calls.models import Application, Assignment, FundingShare, Report
from notifications.models import Notification

from .conftest import make_org, pdf


@pytest.fixture
def outside(call):
    """A foundation funding the call with the two directions: its admin reviews."""
    org, admin, member = make_org("=Fondation Verte", "fondation@example.org",
                                  "fondation.member@example.org")
    services.call_update(call=call, partner_organisations=[org])
    return org, admin, member


def _keys(call):
    return [f.key for f in services.funders_of(call)]


def _split(call, *amounts):
    return dict(zip(_keys(call), amounts, strict=True))


def _fund(application, agent, amount="8000", amounts=("5000", "2000", "1000"), **extra):
    return services.application_decide(application=application, agent=agent, decision="funded",
                                       amount=amount, split=_split(application.call, *amounts),
                                       **extra)


def _rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


# --- An outside organisation as a funder ---------------------------------------------


def test_an_outside_funders_admin_is_assigned_and_reviews_like_a_directions_agent(
        client, call, submitted, outside, third, agent):
    org, admin, member = outside
    assert [f.name for f in services.funders_of(call)] == [
        "Cohésion urbaine", "Environnement", "=Fondation Verte"]
    # A plain member of the funding organisation is not one of its reviewers.
    with pytest.raises(ValidationError, match="administrator of a funding organisation"):
        services.reviewer_assign(application=submitted, reviewer=member)
    # Nor is the admin of an organisation that does not fund the call.
    with pytest.raises(ValidationError, match="administrator of a funding organisation"):
        services.reviewer_assign(application=submitted, reviewer=third[1])
    assert not Assignment.objects.exists()
    assignment = services.reviewer_assign(application=submitted, reviewer=admin)
    assert (assignment.organisation, assignment.direction) == (org, None)

    client.force_login(admin)
    services.application_complete(application=submitted, agent=agent)
    page = client.get(reverse("calls:application", args=[submitted.pk])).content.decode()
    assert "Score this application" in page
    assert client.get(reverse("calls:review", args=[submitted.pk])).status_code == 200
    criteria = list(call.criteria.all())
    response = client.post(reverse("calls:review", args=[submitted.pk]), {
        **{f"score_{c.pk}": "4" for c in criteria}, **{f"comment_{c.pk}": "" for c in criteria}})
    assert response.status_code == 302
    assert submitted.scores.filter(reviewer=admin).count() == 2
    # Its export: its assigned application, the funder named (formula neutralised).
    rows = _rows(client.get(reverse("calls:export", args=[call.slug])))
    assert len(rows) == 2
    assert rows[1][5:8] == ["'=Fondation Verte", "", "'Admin =Fondation Verte"[1:]]

    # The member, not assigned, sees nothing; the export is the funder's admins'.
    client.force_login(member)
    assert client.get(reverse("calls:application", args=[submitted.pk])).status_code == 403
    assert client.get(reverse("calls:export", args=[call.slug])).status_code == 403


def test_the_calls_page_names_its_outside_funders(client, call, outside):
    page = client.get(call.get_absolute_url()).content.decode()
    assert "Cohésion urbaine, Environnement, " in page
    assert f'<a href="{outside[0].get_absolute_url()}">=Fondation Verte</a>' in page


def test_the_agent_is_offered_the_funding_organisations_admins_only(client, agent, submitted,
                                                                      outside):
    client.force_login(agent)
    page = client.get(reverse("calls:application", args=[submitted.pk])).content.decode()
    assert "Admin =Fondation Verte" in page
    assert "Membre =Fondation Verte" not in page


def test_the_call_form_sets_partner_organisations_and_the_final_reports_due_date(
        client, agent, call, outside):
    from calls.forms import CallForm

    client.force_login(agent)
    data = {k: v for k, v in CallForm.initial_for(call).items() if v is not None}
    data["partners"] = [p.pk for p in data["partners"]]
    data["partner_organisations"] = []
    data["opens_at"] = call.opens_at.strftime("%Y-%m-%dT%H:%M")
    data["closes_at"] = call.closes_at.strftime("%Y-%m-%dT%H:%M")
    data["final_report_due_at"] = "2027-06-30T18:00"
    assert client.post(reverse("calls:edit", args=[call.slug]), data).status_code == 302
    call.refresh_from_db()
    assert list(call.partner_organisations.all()) == []
    assert timezone.localtime(call.final_report_due_at).strftime("%Y-%m-%d %H:%M") == \
        "2027-06-30 18:00"


# --- The split among funders ---------------------------------------------------------


def _unchanged(application):
    application.refresh_from_db()
    assert (application.status, application.decision, application.granted_amount) == (
        Application.Status.SUBMITTED, "", None)
    assert not FundingShare.objects.exists()
    assert not Notification.objects.filter(kind="call_application_decided").exists()


@pytest.mark.parametrize("amounts", [
    ("5000", "2000", "999.99"),   # a cent short
    ("5000", "2000", "1000.01"),  # a cent over
])
def test_a_split_that_does_not_add_up_is_refused_and_nothing_changes(
        submitted, agent, outside, amounts):
    with pytest.raises(ValidationError, match="add up to") as refused:
        _fund(submitted, agent, amounts=amounts)
    assert "8000.00 €" in str(refused.value)
    _unchanged(submitted)


def test_a_split_must_name_every_funder_and_only_them_with_no_negative_amount(
        submitted, agent, outside, third):
    keys = _keys(submitted.call)
    decide = dict(application=submitted, agent=agent, decision="funded", amount="8000")
    with pytest.raises(ValidationError, match="Split the amount"):
        services.application_decide(**decide)
    with pytest.raises(ValidationError, match="=Fondation Verte"):
        services.application_decide(**decide, split={keys[0]: "6000", keys[1]: "2000"})
    with pytest.raises(ValidationError, match="Only the call's funders"):
        services.application_decide(**decide, split={
            **_split(submitted.call, "8000", "0", "0"), f"organisation-{third[0].pk}": "0"})
    with pytest.raises(ValidationError, match="cannot be negative"):
        services.application_decide(**decide, split=_split(submitted.call, "9000", "-1000", "0"))
    _unchanged(submitted)


def test_the_split_is_recorded_and_shown_on_the_decision_the_board_and_the_exports(
        client, submitted, agent, lead, reviewers, outside):
    services.reviewer_assign(application=submitted, reviewer=reviewers[1])  # Environnement
    services.reviewer_assign(application=submitted, reviewer=outside[1])  # the foundation
    _fund(submitted, agent)
    assert [(str(s.funder), s.amount) for s in submitted.shares.all()] == [
        ("Cohésion urbaine", Decimal(5000)), ("Environnement", Decimal(2000)),
        ("=Fondation Verte", Decimal(1000))]
    told = Notification.objects.filter(kind="call_application_decided").first()
    assert told.data["split"][2] == ["=Fondation Verte", "1000.00"]

    client.force_login(lead[2])  # a member of the lead: the carriers' view
    page = client.get(reverse("calls:application", args=[submitted.pk])).content.decode()
    assert "Funded: 8000.00 €." in page
    assert "Environnement: 2000.00 €" in page and "=Fondation Verte: 1000.00 €" in page

    client.force_login(agent)
    board = client.get(reverse("calls:board", args=[submitted.call.slug])).content.decode()
    assert "8000.00 € granted" in board and "Environnement 2000.00 €" in board

    # Each funder's export: its own part of the grant.
    for reviewer, funder, part in ((reviewers[1], "Environnement", "2000.00"),
                                   (outside[1], "'=Fondation Verte", "1000.00")):
        client.force_login(reviewer)
        rows = _rows(client.get(reverse("calls:export", args=[submitted.call.slug])))
        assert rows[0][4:7] == ["Amount granted (€)", "Funder", "Granted by this funder (€)"]
        assert len(rows) == 2
        assert rows[1][4:7] == ["8000.00", funder, part]


def test_the_decision_page_refuses_a_split_that_does_not_add_up(client, submitted, agent,
                                                                 outside):
    client.force_login(agent)
    url = reverse("calls:decide", args=[submitted.pk])
    keys = _keys(submitted.call)
    page = client.get(url).content.decode()
    assert all(f'name="split_{key}"' in page for key in keys)
    data = {"decision": "funded", "amount": "8000", "reasons": "",
            f"split_{keys[0]}": "5000", f"split_{keys[1]}": "2000", f"split_{keys[2]}": "500"}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "add up to 7500.00 €, not to the 8000.00 €" in response.content.decode()
    _unchanged(submitted)
    data[f"split_{keys[2]}"] = "1000"
    assert client.post(url, data).status_code == 302
    assert sum(s.amount for s in submitted.shares.all()) == Decimal(8000)


def test_a_call_without_partners_is_funded_by_its_own_direction(submitted, agent):
    services.call_update(call=submitted.call, partners=[])
    services.application_decide(application=submitted, agent=agent, decision="funded",
                                amount="3000")
    assert [(str(s.funder), s.amount) for s in submitted.shares.all()] == [
        ("Cohésion urbaine", Decimal(3000))]


# --- Reports -------------------------------------------------------------------------


@pytest.fixture
def funded(submitted, agent, lead, partner_org, reviewers, outside):
    """Funded, carried with `partner_org`, reviewed by the foundation's admin."""
    services.reviewer_assign(application=submitted, reviewer=outside[1])
    return _fund(submitted, agent)


@pytest.fixture
def cofunded(call, agent, partner_org, lead, outside):
    """Carried by the lead with `partner_org`, funded."""
    from .conftest import complete

    application = services.application_start(call=call, organisation=lead[0], user=lead[1],
                                             title="Vergers partagés")
    services.cocarrier_invite(application=application, organisation=partner_org[0],
                              actor=lead[1])
    complete(application, lead[1])
    services.application_submit(application=application, user=lead[1])
    services.reviewer_assign(application=application, reviewer=outside[1])
    return _fund(application, agent)


def _file(application, user, **kwargs):
    return services.report_file(application=application, author=user,
                                **{"text": "Les potagers poussent.", "progress": 40, **kwargs})


def test_a_report_on_an_application_not_funded_is_refused(submitted, agent, lead):
    with pytest.raises(ValidationError, match="Only a funded project"):
        _file(submitted, lead[1])  # not decided yet
    services.application_decide(application=submitted, agent=agent, decision="not_funded",
                                reasons="Hors périmètre")
    with pytest.raises(ValidationError, match="Only a funded project"):
        _file(submitted, lead[1])
    assert not Report.objects.exists()


def test_only_the_carriers_admins_file_reports(client, cofunded, lead, partner_org, third,
                                               outside, agent):
    for outsider in (lead[2], partner_org[2], third[1], outside[1], agent):
        with pytest.raises(ValidationError, match="Only the administrators"):
            _file(cofunded, outsider)
    assert not Report.objects.exists()
    url = reverse("calls:report_new", args=[cofunded.pk])
    client.force_login(lead[2])  # a member, not an admin, of the lead
    assert client.post(url, {"kind": "progress", "text": "x", "progress": "10"}).status_code \
        == 403
    client.force_login(third[1])
    assert client.get(url).status_code == 403
    assert not Report.objects.exists()
    # The co-carrier's admin files one, from the application's page.
    client.force_login(partner_org[1])
    page = client.get(reverse("calls:application", args=[cofunded.pk])).content.decode()
    assert url in page
    response = client.post(url, {"kind": "progress", "text": "Premier bilan.", "progress": "25",
                                 "file": pdf("bilan.pdf")})
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.author, report.progress, report.filename) == (partner_org[1], 25, "bilan.pdf")


@pytest.mark.parametrize(("progress", "accepted"), [(-1, False), (0, True), (100, True),
                                                    (101, False)])
def test_progress_is_from_0_to_100(funded, lead, progress, accepted):
    if accepted:
        assert _file(funded, lead[1], progress=progress).progress == progress
    else:
        with pytest.raises(ValidationError, match="from 0 to 100"):
            _file(funded, lead[1], progress=progress)
        assert not Report.objects.exists()


def test_an_empty_report_or_a_wrong_file_is_refused_and_nothing_is_stored(funded, lead,
                                                                         settings):
    with pytest.raises(ValidationError, match="Write the report"):
        _file(funded, lead[1], text="   ")
    fake = SimpleUploadedFile("bilan.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError, match="Only PDF"):
        _file(funded, lead[1], upload=fake)
    big = SimpleUploadedFile("bilan.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024 - 4))
    with pytest.raises(ValidationError, match="the limit is 10 MB"):
        _file(funded, lead[1], upload=big)
    assert not Report.objects.exists()
    reports_dir = settings.CALLS_PRIVATE_ROOT / "calls" / str(funded.pk) / "reports"
    assert not reports_dir.exists() or not any(reports_dir.iterdir())


def test_one_final_report_then_progress_reports_only(client, funded, lead):
    _file(funded, lead[1], kind="final", progress=100, text="Fini.")
    with pytest.raises(ValidationError, match="already filed"):
        _file(funded, lead[1], kind="final", progress=100, text="Encore.")
    client.force_login(lead[1])
    response = client.post(reverse("calls:report_new", args=[funded.pk]),
                           {"kind": "final", "text": "Encore", "progress": "100"})
    assert response.status_code == 400
    assert "The final report is already filed" in response.content.decode()
    assert Report.objects.filter(kind="final").count() == 1
    _file(funded, lead[1], text="Un complément.")
    assert Report.objects.count() == 2


def test_the_agent_and_the_assigned_reviewer_read_the_reports_others_do_not(
        client, funded, lead, agent, outside, reviewers, third):
    report = _file(funded, lead[1], upload=pdf("bilan.pdf"))
    told = set(Notification.objects.filter(kind="call_report_filed")
               .values_list("recipient__email", flat=True))
    # The call's direction's agents (the agent, Rita) and the assigned reviewer.
    assert told == {"agent@example.org", "rev1@example.org", "fondation@example.org"}
    file_url = reverse("calls:report_file", args=[funded.pk, report.pk])
    for reader in (agent, outside[1], lead[2]):
        client.force_login(reader)
        page = client.get(reverse("calls:application", args=[funded.pk])).content.decode()
        assert "Les potagers poussent." in page and "40 % done" in page
        assert client.get(file_url).status_code == 200
    # Environnement's agent was not assigned; nor is a third organisation a reader.
    for outsider in (reviewers[1], third[1], outside[2]):
        client.force_login(outsider)
        assert client.get(file_url).status_code == 403


def test_reports_listed_on_the_application_page_in_fixed_queries(client, funded, lead):
    client.force_login(lead[1])
    url = reverse("calls:application", args=[funded.pk])

    def count():
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).content.decode()
        return len(queries), page

    _file(funded, lead[1], text="Bilan 0", upload=pdf("bilan0.pdf"))
    one, _page = count()
    for n in range(1, 6):
        _file(funded, lead[1], text=f"Bilan {n}", upload=pdf(f"bilan{n}.pdf"))
    six, page = count()
    assert all(f"bilan{n}.pdf" in page for n in range(6))
    assert six == one <= 22, (one, six)  # measured: 22 at 1 and at 6 reports


# --- The final report's due date and its reminders ----------------------------------


def _reminded():
    return sorted(Notification.objects.filter(kind="call_final_report_reminder")
                  .values_list("recipient__email", "data__days"))


def test_reminders_14_days_and_1_day_before_the_final_report_is_due_once_each(
        cofunded, call):
    due = timezone.now() + dt.timedelta(days=60)
    call.final_report_due_at = due
    call.save(update_fields=["final_report_due_at"])
    fortnight, day = due - dt.timedelta(days=14), due - dt.timedelta(days=1)
    second = dt.timedelta(seconds=1)
    assert services.report_reminders_send_due(now=fortnight - second) == {"fortnight": 0,
                                                                          "day": 0}
    assert services.report_reminders_send_due(now=fortnight) == {"fortnight": 1, "day": 0}
    # The admins of the lead and of the co-carrier; members are not reminded.
    assert _reminded() == [("co@example.org", 14), ("lead@example.org", 14)]
    assert tasks.send_report_reminders(now=(fortnight + second).isoformat()) == {
        "fortnight": 0, "day": 0}
    assert services.report_reminders_send_due(now=day - second) == {"fortnight": 0, "day": 0}
    assert services.report_reminders_send_due(now=day) == {"fortnight": 0, "day": 1}
    assert services.report_reminders_send_due(now=day + second) == {"fortnight": 0, "day": 0}
    assert len(_reminded()) == 4
    assert services.report_reminders_send_due(now=due) == {"fortnight": 0, "day": 0}


def test_an_applications_own_due_date_wins_and_a_filed_final_report_stops_reminders(
        submitted, agent, lead, call, outside):
    call.final_report_due_at = timezone.now() + dt.timedelta(days=200)
    call.save(update_fields=["final_report_due_at"])
    own = timezone.now() + dt.timedelta(days=30)
    _fund(submitted, agent, report_due_at=own)
    assert services.report_reminders_send_due(now=own - dt.timedelta(days=14)) == {
        "fortnight": 1, "day": 0}
    _file(submitted, lead[1], kind="final", progress=100)
    assert services.report_reminders_send_due(now=own - dt.timedelta(days=1)) == {
        "fortnight": 0, "day": 0}


def test_a_project_without_a_due_date_or_not_funded_is_never_reminded(submitted, agent, call):
    call.final_report_due_at = timezone.now() + dt.timedelta(days=10)
    call.save(update_fields=["final_report_due_at"])
    services.application_decide(application=submitted, agent=agent, decision="not_funded",
                                reasons="Non")
    assert services.report_reminders_send_due(now=timezone.now()) == {"fortnight": 0, "day": 0}


def test_the_final_report_waits_for_the_carriers_admins_until_filed(cofunded, lead, partner_org,
                                                                    call):
    call.final_report_due_at = timezone.now() + dt.timedelta(days=10)
    call.save(update_fields=["final_report_due_at"])
    items = waiting.final_reports(partner_org[1])
    assert [i.url for i in items] == [cofunded.get_absolute_url()]
    assert "File the final report of “Vergers partagés”" in items[0].text
    assert waiting.final_reports(lead[2]) == []  # a member, not an admin
    _file(cofunded, lead[1], kind="final", progress=100)
    assert waiting.final_reports(partner_org[1]) == []


# --- Personal data -------------------------------------------------------------------------


def test_a_report_authors_reports_are_exported_and_at_erasure_they_stay_signed_former_member(
        client, funded, lead):
    from accounts import personal_data
    from calls import privacy_hooks

    author = lead[1]
    report = _file(funded, author, text="Trois potagers plantés.", progress=60)
    [exported] = privacy_hooks.export(author)["reports"]
    assert exported["application"] == funded.title
    assert exported["progress"] == 60 and exported["text"] == "Trois potagers plantés."
    assert exported["at"] == report.created_at.isoformat()

    personal_data.account_erase(user=author)
    report.refresh_from_db()
    assert report.text == "Trois potagers plantés." and report.progress == 60
    assert personal_data.is_former_member(report.author)
    assert privacy_hooks.export(author)["reports"] == []


def test_the_privacy_page_declares_the_follow_up_reports(client, db):
    response = client.get("/privacy/")
    assert "Follow-up reports on funded projects" in response.content.decode()
