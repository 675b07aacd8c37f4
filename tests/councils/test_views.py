"""The councils' pages: volunteering, the agent's work, the public report and
its re-run, in French by default and in English; refusals are messages."""

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from councils import services, tokens
from councils.models import Candidate, Draw, Member
from terreau.spreadsheets import import_rows
from tests.factories import DirectionFactory, UserFactory
from tests.workbooks import filled, ods_filled, opened, spreadsheet, workbook

from .conftest import announce


def volunteer_data(**fields):
    return {"name": "Aïcha Benali", "email": "aicha@example.org", "territory": "Rue Malakoff",
            "age_band": "30-44", "gender": "woman", "sub_area": "Nord", "consent": "on",
            **fields}


def test_a_resident_volunteers_without_an_account(client, council):
    page = client.get("/councils/malakoff/volunteer/")
    assert page.status_code == 200
    assert "Version of 2026-12-04" in page.text
    answer = client.post("/councils/malakoff/volunteer/", volunteer_data())
    assert answer.status_code == 200
    candidate = Candidate.objects.get()
    assert candidate.public_id in answer.text and candidate.language == "en"


@pytest.fixture
def client(client):
    """Pages in English: the French comes from the merged catalogue
    (tests/test_translations.py checks every string has its French)."""
    client.cookies["django_language"] = "en"
    return client


def test_the_categories_are_in_the_residents_language_and_stored_as_they_are(client, council):
    client.cookies["django_language"] = "fr"
    page = client.get("/councils/malakoff/volunteer/").text
    assert '<option value="woman">femme</option>' in page
    assert '<option value="man">homme</option>' in page
    assert '<option value="other">autre</option>' in page
    assert client.post("/councils/malakoff/volunteer/", volunteer_data()).status_code == 200
    assert Candidate.objects.get().characteristics["gender"] == "woman"


def test_bad_input_is_a_message_and_changes_nothing(client, council):
    answer = client.post("/councils/malakoff/volunteer/", volunteer_data(consent=""))
    assert answer.status_code == 400 and "Tick the box" in answer.text
    answer = client.post("/councils/malakoff/volunteer/", volunteer_data(sub_area="Ailleurs"))
    assert answer.status_code == 400 and "Select a valid choice" in answer.text
    answer = client.post("/councils/malakoff/volunteer/", volunteer_data(age_band=""))
    assert answer.status_code == 400 and "Choose one of: 16-29" in answer.text
    assert not Candidate.objects.exists()


def test_the_signed_link_withdraws(client, council):
    candidate = services.candidate_volunteer(
        council=council, name="A", email="a@example.org", territory="M",
        characteristics={"age_band": "60+", "gender": "man", "sub_area": "Sud"},
        consent_given=True)
    assert client.get("/councils/withdraw/forged/").status_code == 404
    url = f"/councils/withdraw/{tokens.make(candidate)}/"
    assert client.get(url).status_code == 200
    client.post(url)
    candidate.refresh_from_db()
    assert candidate.withdrawn_at is not None


@pytest.fixture
def outsider(db):
    user = UserFactory(email="autre.agent@example.org")
    DirectionFactory(slug="culture").staff.add(user)
    return user


def test_only_the_councils_agents_manage(client, council, agent, outsider):
    assert client.get("/councils/malakoff/manage/").status_code == 302
    client.force_login(outsider)
    assert client.get("/councils/malakoff/manage/").status_code == 403
    assert client.post("/councils/malakoff/draws/new/", {}).status_code == 403
    client.force_login(agent)
    assert client.get("/councils/malakoff/manage/").status_code == 200


def test_the_agent_announces_seeds_and_runs_then_anyone_checks(client, council, agent, pool):
    client.force_login(agent)
    form = {"college": council.colleges.get(name="Habitants").pk, "seats": "4",
            "seed_source": "Loto du 14 décembre"}
    refused = client.post("/councils/malakoff/draws/new/", {**form, "q-gender-0-min": "5"})
    assert refused.status_code == 400
    assert "more than the 4 seats drawn" in refused.text and not Draw.objects.exists()
    answer = client.post("/councils/malakoff/draws/new/",
                         {**form, "q-gender-0-min": "2", "q-gender-1-min": "1"})
    draw = Draw.objects.get()
    assert answer.status_code == 302 and draw.quotas["gender"]["woman"] == [2, 4]
    run = client.post(f"/councils/malakoff/draws/{draw.pk}/run/", follow=True)
    assert "The seed is not fixed yet" in run.text
    client.post(f"/councils/malakoff/draws/{draw.pk}/seed/", {"seed": "4 8 15 16 23"})
    client.post(f"/councils/malakoff/draws/{draw.pk}/run/")
    draw.refresh_from_db()
    assert draw.status == Draw.Status.DONE and Member.objects.count() == 4
    client.logout()
    client.cookies["django_language"] = "en"
    report = client.get(f"/councils/malakoff/draws/{draw.pk}/")
    assert all(public_id in report.text for public_id in draw.result)
    assert "4 8 15 16 23" in report.text and "sortition-algorithms 0.12.15" in report.text
    verify = client.get(f"/councils/malakoff/draws/{draw.pk}/verify/")
    assert "Same result" in verify.text
    inputs = client.get(f"/councils/malakoff/draws/{draw.pk}/inputs.json").json()
    assert inputs["result"] == draw.result and len(inputs["pool"]) == 60


def test_the_import_page_names_a_missing_column(client, council, agent):
    client.force_login(agent)
    upload = SimpleUploadedFile("liste.csv", b"name,email\nJean,jean@example.org\n")
    answer = client.post("/councils/malakoff/import/",
                         {"file": upload, "consent_confirmed": "on"})
    assert answer.status_code == 400
    assert "territory, age_band, gender, sub_area" in answer.text
    assert "nothing was imported" in answer.text
    assert not Candidate.objects.exists()


def test_the_import_page_offers_the_template_and_what_each_column_takes(
        client, council, agent):
    """The template, filled in as the page says, imports: the two agree."""
    client.force_login(agent)
    page = client.get("/councils/malakoff/import/")
    gender = council.characteristics.get(key="gender")
    assert f"{gender.label}, one of: {', '.join(gender.categories)}." in page.text
    template = client.get("/councils/malakoff/import/template.csv")
    assert template["Content-Disposition"] == 'attachment; filename="malakoff-candidates.csv"'
    header = template.content.decode("utf-8-sig")
    assert header == "name,email,territory,age_band,gender,sub_area\r\n"
    filled = header + "Jean Martin,jean@example.org,Rue Malakoff,30-44,man,Nord\r\n"
    answer = client.post("/councils/malakoff/import/", {
        "file": SimpleUploadedFile("liste.csv", filled.encode("utf-8-sig")),
        "consent_confirmed": "on"})
    assert answer.status_code == 200
    assert Candidate.objects.get().email == "jean@example.org"


def test_the_excel_template_offers_each_characteristics_categories_and_imports_filled_in(
        client, council, agent):
    """The workbook has the CSV's columns, says what each takes, lists a
    characteristic's categories in a drop-down; filled in, it imports."""
    client.force_login(agent)
    page = client.get("/councils/malakoff/import/")
    assert 'href="/councils/malakoff/import/template.xlsx"' in page.text
    assert 'href="/councils/malakoff/import/template.csv"' in page.text
    response = client.get("/councils/malakoff/import/template.xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="malakoff-candidates.xlsx"'
    book = opened(response.content)
    sheet = book.worksheets[0]
    assert [cell.value for cell in sheet[1]] == [
        "name", "email", "territory", "age_band", "gender", "sub_area"]
    gender = council.characteristics.get(key="gender")
    assert sheet["E1"].comment.text == (
        f"{gender.label}, one of: {', '.join(gender.categories)}.")
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists["E2:E5001"] == f"'Lists'!$E$1:$E${len(gender.categories)}"
    assert [c.value for c in book["Lists"]["E"]][:len(gender.categories)] == gender.categories
    data = filled(response.content, [
        ["Jean Martin", "jean@example.org", "Rue Malakoff", "30-44", "man", "Nord"]])
    answer = client.post("/councils/malakoff/import/", {
        "file": SimpleUploadedFile("liste.xlsx", data), "consent_confirmed": "on"})
    assert answer.context["report"].imported == 1
    assert Candidate.objects.get().characteristics == {
        "age_band": "30-44", "gender": "man", "sub_area": "Nord"}


def test_the_opendocument_template_offers_each_characteristics_categories_and_imports_filled_in(
        client, council, agent):
    """LibreOffice's own format says what the workbook says; filled in, it imports."""
    client.force_login(agent)
    page = client.get("/councils/malakoff/import/")
    assert 'href="/councils/malakoff/import/template.ods"' in page.text
    response = client.get("/councils/malakoff/import/template.ods")
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    assert response["Content-Disposition"] == 'attachment; filename="malakoff-candidates.ods"'
    assert import_rows(response.content).fieldnames == [
        "name", "email", "territory", "age_band", "gender", "sub_area"]
    content = zipfile.ZipFile(io.BytesIO(response.content)).read("content.xml").decode()
    gender = council.characteristics.get(key="gender")
    listed = ";".join(f'"{category}"' for category in gender.categories)
    assert f"of:cell-content-is-in-list({listed})" in content
    assert 'table:number-rows-repeated="5000"' in content
    data = ods_filled(response.content, [
        ["Jean Martin", "jean@example.org", "Rue Malakoff", "30-44", "man", "Nord"]])
    answer = client.post("/councils/malakoff/import/", {
        "file": SimpleUploadedFile("liste.ods", data), "consent_confirmed": "on"})
    assert answer.context["report"].imported == 1
    assert Candidate.objects.get().characteristics == {
        "age_band": "30-44", "gender": "man", "sub_area": "Nord"}


@pytest.mark.parametrize(("make", "name"), [(workbook, "liste.xlsx"),
                                            (spreadsheet, "liste.ods")])
def test_a_spreadsheet_imports_and_a_bad_row_is_named_by_its_row(client, council, agent,
                                                                  make, name):
    client.force_login(agent)
    data = make([
        ["name", "email", "territory", "age_band", "gender", "sub_area", "notes"],
        ["Jean Martin", "jean@example.org", "Rue Malakoff", "30-44", "man", "Nord", "appelé"],
        [None] * 7,
        ["Lina Roux", "lina@example.org", "Rue du Pré", "12-15", "woman", "Sud", None],
        ["Awa Diallo", "awa@example.org", "Quai", "60+", "woman", "Centre", None],
    ])
    answer = client.post("/councils/malakoff/import/", {
        "file": SimpleUploadedFile(name, data), "consent_confirmed": "on"})
    assert answer.status_code == 200
    assert answer.context["report"].rejected == [
        (4, "age_band: Choose one of: 16-29, 30-44, 45-59, 60+.")]
    assert sorted(Candidate.objects.values_list("email", flat=True)) == [
        "awa@example.org", "jean@example.org"]


def test_the_command_rechecks_a_published_draw(council, residents, pool, tmp_path, capsys):
    draw = services.draw_run(draw=announce(residents))
    path = tmp_path / "inputs.json"
    from councils.views import inputs_of

    path.write_text(json.dumps(inputs_of(draw)))
    call_command("council_verify_draw", str(path))
    assert "MATCH" in capsys.readouterr().out
    data = inputs_of(draw)
    data["seed"] = "another seed"
    path.write_text(json.dumps(data))
    with pytest.raises(SystemExit) as exit_:
        call_command("council_verify_draw", str(path))
    assert exit_.value.code == 1
    call_command("council_verify_draw", draw=draw.pk)
    assert "MATCH" in capsys.readouterr().out


@pytest.fixture
def french_agent(council):
    """An agent of the council who reads the site in French (their profile's
    language; no language cookie)."""
    user = UserFactory(email="agent.fr@example.org", preferred_language="fr")
    council.direction.staff.add(user)
    return user


def test_a_quota_above_the_seats_is_refused_in_french(db, council, french_agent, pool):
    from django.test import Client

    client = Client()
    client.force_login(french_agent)
    refused = client.post("/councils/malakoff/draws/new/", {
        "college": council.colleges.get(name="Habitants").pk, "seats": "4",
        "seed_source": "Loto du 14 décembre", "q-gender-0-min": "5"})
    assert refused.status_code == 400 and '<html lang="fr">' in refused.text
    assert "demande au moins 5 personnes, plus que les 4 sièges tirés" in refused.text
    assert not Draw.objects.exists()


def test_a_missing_column_is_named_in_french(db, council, french_agent):
    from django.test import Client

    client = Client()
    client.force_login(french_agent)
    upload = SimpleUploadedFile("liste.csv", b"name,email\nJean,jean@example.org\n")
    answer = client.post("/councils/malakoff/import/",
                         {"file": upload, "consent_confirmed": "on"})
    assert answer.status_code == 400
    assert ("Il manque au fichier la ou les colonnes territory, age_band, gender, sub_area ; "
            "rien n’a été importé") in answer.text
    assert not Candidate.objects.exists()
