"""A process's documents at their edges (processes/services/documents.py):
the title on both sides of its limit, each kind, who may publish what (the
leads anything, a facilitator the minutes of a published process only), the
file's refusals kept under its field, a long file name, and that a refusal
writes no row and stores no file."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from processes import services
from processes.models import ProcessDocument
from tests.refusals import refusals

from .conftest import citizen, make_process

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
DAY = dt.date(2027, 3, 12)
FORBIDDEN = "You are not allowed to do this for this process."


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PROCESSES_PRIVATE_ROOT = tmp_path / "private"
    return tmp_path / "private"


@pytest.fixture
def facilitator(process, lead):
    person = citizen("Fanny Animatrice", email="fanny@example.org")
    services.facilitator_grant(process=process, actor=lead, person=person)
    return person


def publish(process, actor, *, kind="brief", title="Cahier des charges",
            name="cahier.pdf", content=PDF):
    return services.document_publish(process=process, actor=actor, kind=kind, title=title,
                                      dated_on=DAY, upload=SimpleUploadedFile(name, content))


def stored() -> list[tuple]:
    return list(ProcessDocument.objects.values_list(
        "kind", "title", "dated_on", "filename", "content_type", "size", "published_by_id"))


def files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.mark.parametrize("title", ["", "   ", None])
def test_a_document_without_a_title_is_refused(process, lead, title, private_root):
    assert refusals(lambda: publish(process, lead, title=title)) == [
        ("title", "Give the document a title.", "required")]
    assert stored() == [] and files(private_root) == []


def test_a_title_of_200_characters_is_kept_and_201_are_refused(process, lead, private_root):
    assert refusals(lambda: publish(process, lead, title="t" * 201)) == [
        ("title", "A title has 200 characters at most.", "too_long")]
    assert stored() == [] and files(private_root) == []
    publish(process, lead, title=f"  {'t' * 200}\n")
    assert [row[1] for row in stored()] == ["t" * 200]


@pytest.mark.parametrize("kind", ProcessDocument.Kind.values)
def test_a_lead_publishes_each_kind(process, lead, kind):
    publish(process, lead, kind=kind)
    assert stored() == [(kind, "Cahier des charges", DAY, "cahier.pdf", "application/pdf",
                         len(PDF), lead.pk)]


def test_an_unknown_kind_is_refused(process, lead):
    assert refusals(lambda: publish(process, lead, kind="letter")) == [
        ("kind", "Choose what the document is.", "invalid")]
    assert stored() == []


def test_a_facilitator_publishes_minutes_and_nothing_else(process, facilitator):
    for kind in ("brief", "mandate", "report"):
        assert refusals(lambda kind=kind: publish(process, facilitator, kind=kind)) == [
            ("kind", "A facilitator publishes workshop minutes only.", "minutes_only")]
    assert stored() == []
    publish(process, facilitator, kind="minutes")
    assert [row[0] for row in stored()] == ["minutes"]


def test_a_citizen_publishes_nothing_not_even_minutes(process):
    somebody = citizen("Awa Diallo", email="awa@example.org")
    for kind in ("minutes", "brief"):
        assert refusals(lambda kind=kind: publish(process, somebody, kind=kind)) == [
            (None, FORBIDDEN, "forbidden")]
    assert stored() == []


def test_a_facilitator_of_a_draft_publishes_nothing(direction, lead):
    draft = make_process(direction, lead, publish=False, title="Démarche en préparation")
    person = citizen("Fanny Animatrice", email="fanny@example.org")
    services.facilitator_grant(process=draft, actor=lead, person=person)
    assert refusals(lambda: publish(draft, person, kind="minutes")) == [
        (None, FORBIDDEN, "forbidden")]
    publish(draft, lead, kind="minutes")  # its lead does
    assert [row[6] for row in stored()] == [lead.pk]


def test_a_files_refusal_is_kept_under_the_file_field(process, lead, private_root):
    assert refusals(lambda: publish(process, lead, name="photo.png",
                                    content=b"\x89PNG\r\n\x1a\n0000")) == [
        ("file", "Only PDF, ODT and DOCX files are accepted.", "wrong_type")]
    assert stored() == [] and files(private_root) == []


def test_a_long_file_name_keeps_its_last_255_characters(process, lead):
    name = "a" * 300 + ".pdf"
    publish(process, lead, name=name)
    assert [row[3] for row in stored()] == [name[-255:]]


def test_the_stored_file_holds_the_uploaded_bytes(process, lead, private_root,
                                                  django_assert_num_queries):
    # The rules read the lead's directions (3), then savepoint, one INSERT, release.
    with django_assert_num_queries(6):
        document = publish(process, lead)
    document.file.open("rb")
    try:
        assert document.file.read() == PDF
    finally:
        document.file.close()
    assert len(files(private_root)) == 1
