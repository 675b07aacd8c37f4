"""Documents the leads publish on a process (issue #17, item 2): checked by
their content, 10 MB at most, on the timeline at their date, served only to
those who may read the process."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from processes import uploads
from processes.models import ProcessDocument

from .conftest import make_process

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path):
    settings.PROCESSES_PRIVATE_ROOT = tmp_path / "private"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def post(client, process, name, content, **fields):
    data = {"kind": "brief", "title": "Cahier des charges", "dated_on": "2026-03-12",
            "file": SimpleUploadedFile(name, content), **fields}
    return client.post(reverse("processes:document_new", args=[process.slug]), data)


def test_a_lead_publishes_a_brief_that_everyone_reads_on_the_timeline(client, process, lead):
    client.force_login(lead)
    response = post(client, process, "cahier.pdf", PDF)
    assert response.status_code == 302
    document = ProcessDocument.objects.get(process=process)
    assert (document.content_type, document.dated_on) == ("application/pdf", dt.date(2026, 3, 12))
    client.logout()
    page = client.get(process.get_absolute_url()).content.decode()
    url = reverse("processes:document", args=[process.slug, document.pk])
    assert page.index("Timeline") < page.index("Cahier des charges")
    assert f'href="{url}"' in page
    download = client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert 'filename="cahier.pdf"' in download["Content-Disposition"]


def test_a_docx_is_accepted_by_its_content(client, process, lead):
    client.force_login(lead)
    response = post(client, process, "compte-rendu.docx", docx_bytes(), kind="minutes")
    assert response.status_code == 302
    assert ProcessDocument.objects.get().kind == "minutes"


@pytest.mark.parametrize(("name", "content", "message"), [
    ("photo.png", b"\x89PNG\r\n\x1a\n0000", "Only PDF, ODT and DOCX files are accepted."),
    ("script.pdf", b"#!/bin/sh\necho", "Only PDF, ODT and DOCX files are accepted."),
    ("cahier.docx", PDF, "This file&#x27;s content does not match its name (.docx)"),
])
def test_a_wrong_type_is_refused_with_a_message(client, process, lead, name, content, message):
    client.force_login(lead)
    response = post(client, process, name, content)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ProcessDocument.objects.exists()


def test_over_ten_megabytes_is_refused_and_exactly_ten_is_accepted(client, process, lead):
    client.force_login(lead)
    too_big = PDF + b"0" * (uploads.MAX_BYTES - len(PDF) + 1)
    response = post(client, process, "gros.pdf", too_big)
    assert response.status_code == 400
    assert "the limit is 10 MB" in response.content.decode()
    assert not ProcessDocument.objects.exists()
    assert post(client, process, "juste.pdf", too_big[:-1]).status_code == 302


def test_a_citizen_cannot_publish_a_document(client, process, author):
    client.force_login(author)
    assert post(client, process, "cahier.pdf", PDF).status_code == 403
    assert not ProcessDocument.objects.exists()


def test_a_draft_s_document_is_not_downloadable_by_the_public(client, direction, lead, author):
    draft = make_process(direction, lead, publish=False)
    client.force_login(lead)
    assert post(client, draft, "brouillon.pdf", PDF).status_code == 302
    url = reverse("processes:document", args=[draft.slug, ProcessDocument.objects.get().pk])
    assert client.get(url).status_code == 200
    client.force_login(author)
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code in (302, 403)


def test_a_document_is_only_served_under_its_own_process(client, direction, lead, process):
    other = make_process(direction, lead, title="Autre concertation")
    client.force_login(lead)
    post(client, other, "cahier.pdf", PDF)
    document = ProcessDocument.objects.get()
    assert client.get(reverse("processes:document", args=[process.slug, document.pk])
                      ).status_code == 404


def test_the_timeline_shows_documents_and_answers_in_date_order(client, process, proposal, lead):
    from processes import services

    client.force_login(lead)
    post(client, process, "rapport.pdf", PDF, kind="report", title="Rapport final",
         dated_on="2999-01-01")
    post(client, process, "cahier.pdf", PDF, title="Cahier des charges", dated_on="2020-01-01")
    services.answer_record(proposal=proposal, actor=lead, status="adopted", reason="Votée.")
    client.logout()
    page = client.get(process.get_absolute_url()).content.decode()
    section = page[page.index("Documents and decisions"):]
    assert (section.index("Cahier des charges") < section.index("Answer to “Une piste rue de Metz”")
            < section.index("Rapport final"))
