"""Bad input gets a clear message in the user's language and changes nothing
(issue #19, "Done means"): a French-speaking carrier reads, in French, why a
budget that does not add up, a missing required document and a file of the
wrong type are refused. The calls' tests run in English (conftest's
`_english`); here the carrier's saved preference is French, which is what
the pages follow for a signed-in person (docs/architecture.md, Languages)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from calls.models import Application

from .conftest import pdf


def _in_french(client, user):
    # An update, not save(): the English fixture rewrites every saved person.
    User.objects.filter(pk=user.pk).update(preferred_language="fr")
    client.force_login(user)
    return client


def test_a_budget_that_does_not_add_up_is_explained_in_french(client, application, lead):
    _in_french(client, lead[1])
    response = client.post(reverse("calls:application_edit", args=[application.pk]), {
        "title": "Potagers", "summary": "S", "objectives": "", "territory": "",
        "requested_amount": "9000", "budget-TOTAL_FORMS": "2", "budget-INITIAL_FORMS": "0",
        "budget-0-kind": "expense", "budget-0-label": "Matériel", "budget-0-amount": "10000",
        "budget-1-kind": "cofunding", "budget-1-label": "Ville", "budget-1-amount": "2000",
    })
    content = response.content.decode()
    assert response.status_code == 400
    assert "Le montant demandé (9000" in content and "soit 8000 €" in content
    assert "that is 8000 €" not in content
    application.refresh_from_db()
    assert application.title == "Potagers partagés" and not application.budget_lines.exists()


def test_missing_documents_are_named_in_french_and_the_application_stays_a_draft(
        client, application, lead):
    _in_french(client, lead[1])
    response = client.post(reverse("calls:submit", args=[application.pk]), follow=True)
    content = response.content.decode()
    assert "La pièce « Statuts » manque." in content
    assert "La pièce « Budget » manque." in content
    assert "Rédigez le résumé du projet." in content
    assert "is missing" not in content
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT and application.submitted_at is None


def test_a_file_of_the_wrong_type_is_refused_in_french(client, application, lead):
    _in_french(client, lead[1])
    document = application.call.required_documents.first()
    url = reverse("calls:upload", args=[application.pk, document.pk])
    response = client.post(url, {"file": SimpleUploadedFile("a.pdf", b"GIF89a...")}, follow=True)
    content = response.content.decode()
    assert "Seuls les fichiers PDF, ODT, DOCX, PNG et JPEG sont acceptés." in content
    assert "Only PDF" not in content
    assert not application.attachments.exists()


def test_an_english_speaker_reads_the_same_refusal_in_english(client, application, lead):
    """The control: the same upload, the carrier's preference left in English."""
    client.force_login(lead[1])
    document = application.call.required_documents.first()
    url = reverse("calls:upload", args=[application.pk, document.pk])
    response = client.post(url, {"file": pdf("a.pdf", b"GIF89a...")}, follow=True)
    assert "Only PDF, ODT, DOCX, PNG and JPEG files are accepted." in response.content.decode()
