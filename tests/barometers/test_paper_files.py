"""A file of paper questionnaires, imported by the barometer's agents: the
template, the answers as written on paper, every error with its line, all
or nothing (barometers/services/paper_files.py)."""

import csv
import io
import zipfile

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEntry
from barometers import selectors, services
from barometers.forms import PaperFileForm
from barometers.models import Question, Response
from barometers.services import paper_files
from terreau.spreadsheets import import_rows
from tests.factories import UserFactory
from tests.workbooks import filled, ods_filled, opened, spreadsheet, workbook

from .conftest import answers, make_wave

pytestmark = pytest.mark.django_db

HEADER = "cadre-de-vie,image,services,idee"


def url(wave, name):
    return reverse(f"barometers:{name}", kwargs={"slug": wave.barometer.slug, "pk": wave.pk})


def stored(wave):
    """Each stored questionnaire as {code: [values or text]}, sorted."""
    found = {}
    for response in Response.objects.filter(wave=wave).prefetch_related("answers__question"):
        found[response.pk] = {}
        for answer in sorted(response.answers.all(), key=lambda a: (a.question.order, a.value)):
            found[response.pk].setdefault(answer.question.code, []).append(
                answer.text if answer.question.kind == Question.Kind.TEXT else answer.value)
    return sorted(found.values(), key=repr)


def refusal(wave, agent, data):
    with pytest.raises(ValidationError) as error:
        services.paper_file_import(wave=wave, data=data, actor=agent)
    assert not Response.objects.exists() and not AuditEntry.objects.exists()
    return error.value


def test_the_template_names_each_question_by_its_code_in_the_agents_language(
        client, agent, public_wave):
    client.force_login(agent)
    response = client.get(url(public_wave, "paper_template"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="barometre-{public_wave.pk}-questionnaires.csv"')
    assert response.content.decode("utf-8") == "\ufeff" + HEADER + "\r\n"
    agent.preferred_language = "fr"
    agent.save(update_fields=["preferred_language"])
    client.force_login(agent)  # a French spreadsheet opens semicolons in columns
    content = client.get(url(public_wave, "paper_template")).content.decode("utf-8")
    assert content == "\ufeff" + HEADER.replace(",", ";") + "\r\n"


def test_the_excel_template_says_each_question_and_checks_a_scale(client, agent, public_wave):
    client.force_login(agent)
    page = client.get(url(public_wave, "paper"))
    assert f'href="{url(public_wave, "paper_template_xlsx")}"' in page.text
    response = client.get(url(public_wave, "paper_template_xlsx"))
    assert response["Content-Disposition"] == (
        f'attachment; filename="barometre-{public_wave.pk}-questionnaires.xlsx"')
    book = opened(response.content)
    sheet = book.worksheets[0]
    assert [cell.value for cell in sheet[1]] == HEADER.split(",")
    questions = list(public_wave.questions.all())
    assert [cell.comment.text for cell in sheet[1]] == [
        f"{q.text}\n{services.how_to_answer(q)}" for q in questions]
    checks = {str(v.sqref): (v.type, v.formula1, v.formula2, v.errorStyle)
              for v in sheet.data_validations.dataValidation}
    single = next(q for q in questions if q.kind == Question.Kind.SINGLE)
    assert checks == {  # the scale; the single choice, which also takes a number
        "A2:A5001": ("whole", "1", "5", None),
        "B2:B5001": ("list", f"'Lists'!$B$1:$B${len(single.choices)}", None, "warning"),
    }
    data = filled(response.content,
                  [[4, "Yes", "Library|Town hall", "Shade"], [2, "2", None, None]])
    answer = client.post(url(public_wave, "paper_file"),
                         {"file": SimpleUploadedFile("bundle.xlsx", data)})
    assert answer.status_code == 302
    assert Response.objects.filter(wave=public_wave).count() == 2


def test_the_opendocument_template_says_each_question_and_imports_filled_in(
        client, agent, public_wave):
    client.force_login(agent)
    page = client.get(url(public_wave, "paper"))
    assert f'href="{url(public_wave, "paper_template_ods")}"' in page.text
    response = client.get(url(public_wave, "paper_template_ods"))
    assert response["Content-Disposition"] == (
        f'attachment; filename="barometre-{public_wave.pk}-questionnaires.ods"')
    assert import_rows(response.content).fieldnames == HEADER.split(",")
    content = zipfile.ZipFile(io.BytesIO(response.content)).read("content.xml").decode()
    questions = list(public_wave.questions.all())
    assert f"<text:p>{services.how_to_answer(questions[0])}</text:p>" in content
    assert "of:cell-content-is-whole-number() and cell-content-is-between(1,5)" in content
    data = ods_filled(response.content,
                      [[4, "Yes", "Library|Town hall", "Shade"], [2, "2", None, None]])
    answer = client.post(url(public_wave, "paper_file"),
                         {"file": SimpleUploadedFile("bundle.ods", data)})
    assert answer.status_code == 302
    assert Response.objects.filter(wave=public_wave).count() == 2


def test_a_file_is_imported_with_the_answers_as_written_on_paper(client, agent, public_wave):
    data = (
        f"{HEADER},interviewer\n"
        '4,Yes,Library|Town hall,"More benches, and shade",Anna\n'
        "2,2,2 | 3 ,,Anna\n"
        ",,,,\n"                       # a blank row is skipped
        "5,i don't know,,,Bertrand\n"  # a choice's text in any case
    ).encode()
    client.force_login(agent)
    response = client.post(url(public_wave, "paper_file"),
                           {"file": SimpleUploadedFile("bundle.csv", data, "text/csv")})
    assert response.status_code == 302 and response.url == url(public_wave, "paper")
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "3 questionnaires are imported."]
    assert stored(public_wave) == sorted([
        {"cadre-de-vie": [4], "image": [0], "services": [0, 2],
         "idee": ["More benches, and shade"]},
        {"cadre-de-vie": [2], "image": [1], "services": [1, 2]},
        {"cadre-de-vie": [5], "image": [2]},
    ], key=repr)
    entry = AuditEntry.objects.get(action="barometer.paper_entered")
    assert (entry.actor, entry.details) == (agent, {"wave": public_wave.pk, "questionnaires": 3})


def test_the_export_of_a_wave_imports_into_another_with_the_same_answers(
        barometer, agent, public_wave):
    """The export's header (the questions' texts) and its cells (choices by
    their text, joined by "|") are read back: a spreadsheet kept from one
    wave, with French semicolons and a byte-order mark, imports as it is."""
    services.responses_import(wave=public_wave, actor=agent, rows=[
        answers(public_wave),
        answers(public_wave, scale="1", single="2", multiple=("1",), text="Une idée ; deux"),
    ])
    header, rows = selectors.export_rows(public_wave)
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows([header, *rows])
    other = make_wave(barometer, title="Autumn")
    assert services.paper_file_import(wave=other, data=out.getvalue().encode("utf-8-sig"),
                                      actor=agent) == 2
    assert sorted(selectors.export_rows(other)[1]) == sorted(rows)


def test_the_page_says_what_each_column_takes(public_wave):
    assert [(q.code, services.how_to_answer(q)) for q in public_wave.questions.all()] == [
        ("cadre-de-vie", "A number from 1 to 5."),
        ("image", "One choice, its text or its number: 1 = Yes; 2 = No; 3 = I don't know."),
        ("services", ("One or more choices, their texts or numbers separated by “|”: "
                     "1 = Library; 2 = Health centre; 3 = Town hall.")),
        ("idee", "The text as written."),
    ]


def test_columns_are_found_in_any_order_among_others(agent, public_wave):
    data = "notes,IDEE, Services ,image,cadre-de-vie\nok,Trees,1|3,1,5\n"
    assert services.paper_file_import(wave=public_wave, data=data, actor=agent) == 1
    assert stored(public_wave) == [
        {"cadre-de-vie": [5], "image": [0], "services": [0, 2], "idee": ["Trees"]}]


def test_a_choice_whose_text_is_a_number_is_read_as_written(barometer, agent):
    wave = make_wave(barometer, launch=False)
    services.question_add(wave=wave, kind=Question.Kind.SINGLE, code="enfants",
                          text="How many children?", choices=["0", "1", "2 or more"])
    services.wave_launch(wave=wave, now=wave.opens_at)
    data = f"{HEADER},enfants\n3,,,,1\n3,,,,0\n3,,,,3\n"
    assert services.paper_file_import(wave=wave, data=data, actor=agent) == 3
    assert sorted(a.value for a in wave.questions.get(code="enfants").answers.all()) == [
        0, 1, 2]


def test_every_wrong_answer_is_listed_with_its_line_and_question_and_nothing_is_stored(
        agent, public_wave):
    data = (
        f"{HEADER}\n"
        "4,Yes,,\n"       # line 2 is right
        "6,Yes,,\n"       # a scale from 1 to 5
        "3,4,,\n"         # three choices
        "3,0,,\n"         # numbers start at 1
        "3,Yes|No,,\n"    # one choice only
        ",Yes,Library|Bakery,\n"
        f"3,,,{'x' * 2001}\n"
    )
    error = refusal(public_wave, agent, data)
    assert [e.code for e in error.error_list] == ["rows"] * 7
    assert error.messages == [
        "Line 3, cadre-de-vie: Give a value from 1 to 5.",
        "Line 4, image: Choose among the choices given.",
        "Line 5, image: Choose among the choices given.",
        "Line 6, image: Choose one answer only.",
        "Line 7, cadre-de-vie: This question needs an answer.",
        "Line 7, services: Choose among the choices given.",
        "Line 8, idee: Keep your answer under 2000 characters.",
    ]


def test_a_row_of_other_columns_only_is_skipped_one_of_empty_choices_is_checked(
        agent, public_wave):
    data = f"{HEADER},notes\n4,,,,ok\n,,,,called back\n,,|,,\n"
    error = refusal(public_wave, agent, data)
    assert error.messages == ["Line 4, cadre-de-vie: This question needs an answer."]
    assert services.paper_file_import(wave=public_wave, data=data.replace(",,|,,\n", ""),
                                      actor=agent) == 1


def test_a_row_that_answers_nothing_is_refused_as_online(barometer, agent):
    wave = make_wave(barometer, launch=False)
    wave.questions.update(required=False)
    services.wave_launch(wave=wave, now=wave.opens_at)
    error = refusal(wave, agent, f"{HEADER}\n4,,,\n,,|,\n")
    assert error.messages == ["Line 3: Answer at least one question."]


def test_the_errors_shown_stop_at_the_limit_and_say_how_many_more(
        agent, public_wave, monkeypatch):
    monkeypatch.setattr(paper_files, "MAX_ERRORS_SHOWN", 2)
    two = f"{HEADER}\n6,,,\n7,,,\n"
    assert refusal(public_wave, agent, two).messages == [
        "Line 2, cadre-de-vie: Give a value from 1 to 5.",
        "Line 3, cadre-de-vie: Give a value from 1 to 5."]
    three = two + "8,,,\n"
    assert refusal(public_wave, agent, three).messages[2:] == ["… and 1 other error."]
    assert refusal(public_wave, agent, three + "9,,,\n").messages[2:] == [
        "… and 2 other errors."]


def test_a_file_of_more_questionnaires_than_the_limit_is_refused_whole(
        agent, public_wave, monkeypatch):
    monkeypatch.setattr(paper_files, "MAX_ROWS", 3)
    at_limit = f"{HEADER}\n1,,,\n2,,,\n\n3,,,\n,,,\n"  # blank rows do not count
    error = refusal(public_wave, agent, at_limit + "4,,,\n")
    assert error.code == "too_many"
    assert error.messages == [
        "The file has more than 3 questionnaires; nothing was imported. Split it in two."]
    # Wrong rows count too: the limit is checked before their errors are listed.
    assert refusal(public_wave, agent, f"{HEADER}\n1,,,\n9,,,\n9,,,\n9,,,\n").code == "too_many"
    assert services.paper_file_import(wave=public_wave, data=at_limit, actor=agent) == 3


@pytest.mark.parametrize(("data", "code", "message"), [
    (b"", "empty", "The file is empty: its first row must name the questions."),
    (f"{HEADER}\n\n".encode(), "no_rows", "The file holds no questionnaire."),
    (b"cadre-de-vie;image;idee\n4;1;\n", "missing_columns",
     ("The file lacks the column(s) services; nothing was imported. The first row must name "
      "the questions, as the template does.")),
    (b"cadre-de-vie;image\n4;1\n", "missing_columns",
     ("The file lacks the column(s) services, idee; nothing was imported. The first row must "
      "name the questions, as the template does.")),
    (f"{HEADER},How do you rate your living conditions?\n4,1,,,4\n".encode(),
     "duplicate_column", "The question “cadre-de-vie” has two columns; nothing was imported."),
    ("cadre-de-vie,image,services,idee\n4,1,,Idée\n".encode("latin-1"), "encoding",
     "The file is not UTF-8 text: save it as CSV (UTF-8) and try again."),
])
def test_a_file_that_cannot_be_read_is_refused_whole(agent, public_wave, data, code, message):
    error = refusal(public_wave, agent, data)
    assert (error.code, error.messages) == (code, [message])


def test_a_wave_whose_results_are_published_takes_no_file(barometer, agent):
    wave = make_wave(barometer, days_ago=10, days_left=-1)
    services.results_publish(wave=wave, actor=agent)
    AuditEntry.objects.all().delete()
    assert refusal(wave, agent, f"{HEADER}\n4,,,\n").code == "published"


def test_the_page_shows_each_error_under_the_file_field_in_french(client, agent, public_wave):
    agent.preferred_language = "fr"
    agent.save(update_fields=["preferred_language"])
    client.force_login(agent)
    page = client.get(url(public_wave, "paper")).content.decode()
    assert "Importer un fichier de questionnaires" in page
    assert "Un nombre de 1 à 5." in page
    assert "1 = Library; 2 = Health centre; 3 = Town hall" in page
    response = client.post(url(public_wave, "paper_file"), {
        "file": SimpleUploadedFile("lot.csv", f"{HEADER}\n9,,,\n".encode())})
    assert response.status_code == 400
    assert response.context["file_form"].errors == {
        "file": ["Ligne 2, cadre-de-vie : Donnez une valeur de 1 à 5."]}
    assert not Response.objects.exists()


def test_a_file_over_2_mb_is_refused_before_it_is_read(client, agent, public_wave, monkeypatch):
    def never(**kwargs):
        raise AssertionError("the file was read")
    monkeypatch.setattr(services, "paper_file_import", never)
    client.force_login(agent)
    big = SimpleUploadedFile("big.csv", b"x" * (2 * 1024 * 1024 + 1))
    response = client.post(url(public_wave, "paper_file"), {"file": big})
    assert response.status_code == 400
    assert response.context["file_form"].errors == {"file": ["The file is larger than 2 MB."]}
    at_limit = SimpleUploadedFile("limit.csv", b"x" * (2 * 1024 * 1024))
    assert PaperFileForm(files={"file": at_limit}).is_valid()


def test_only_the_barometers_agents_import_a_file(client, public_wave):
    client.force_login(UserFactory())
    response = client.post(url(public_wave, "paper_file"), {
        "file": SimpleUploadedFile("lot.csv", f"{HEADER}\n4,,,\n".encode())})
    assert response.status_code == 403
    assert not Response.objects.exists()


def test_a_file_it_cannot_read_is_refused_with_what_to_do(client, agent, public_wave):
    client.force_login(agent)
    response = client.post(url(public_wave, "paper_file"), {
        "file": SimpleUploadedFile("lot.numbers", b"PK\x03\x04\x14\x00\x06\x00rest")})
    assert response.status_code == 400
    assert response.context["file_form"].errors == {"file": [
        ("This file's format cannot be read here: save it as a spreadsheet (.ods or .xlsx) or "
         "as CSV (UTF-8) and import that file.")]}
    assert not Response.objects.exists()


@pytest.mark.parametrize(("make", "name"), [(workbook, "bundle.xlsx"),
                                            (spreadsheet, "bundle.ods")])
def test_a_spreadsheet_is_imported_as_typed(client, agent, public_wave, make, name):
    """Numbers stay numbers in a spreadsheet: 4.0 is read as the 4 the
    interviewer typed, in Excel as in LibreOffice."""
    data = make([HEADER.split(",") + ["interviewer"],
                     [4.0, "Yes", "Library|Town hall", "More benches, and shade", "Anna"],
                     [None, None, None, None, None],
                     [2, 2, "2 | 3", None, "Anna"]])
    client.force_login(agent)
    response = client.post(url(public_wave, "paper_file"), {"file": SimpleUploadedFile(
        name, data)})
    assert response.status_code == 302
    assert stored(public_wave) == sorted([
        {"cadre-de-vie": [4], "image": [0], "services": [0, 2],
         "idee": ["More benches, and shade"]},
        {"cadre-de-vie": [2], "image": [1], "services": [1, 2]},
    ], key=repr)


@pytest.mark.parametrize("make", [workbook, spreadsheet])
def test_a_spreadsheets_errors_name_the_sheets_rows(agent, public_wave, make):
    data = make([HEADER.split(","), [4, "Yes", None, None], [None] * 4, [9, "Yes", None, None]])
    with pytest.raises(ValidationError) as refused:
        services.paper_file_import(wave=public_wave, data=data, actor=agent)
    assert refused.value.messages == ["Line 4, cadre-de-vie: Give a value from 1 to 5."]
    assert not Response.objects.exists()


def test_a_bundle_costs_the_same_queries_whatever_its_size(agent, barometer):
    """The questions once, the wave's lock, one insert of the responses and
    one of their answers, the audit entry: not one query per row. (30 rows
    of 5 answers: SQLite's 999 parameters take 166 answers an INSERT.)"""
    counts = []
    for size in (2, 30):
        wave = make_wave(barometer, title=f"Wave of {size}")
        data = HEADER + "\n" + "4,Yes,Library|Town hall,An idea\n" * size
        with CaptureQueriesContext(connection) as queries:
            assert services.paper_file_import(wave=wave, data=data, actor=agent) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]
