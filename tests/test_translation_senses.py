"""One English word, two French ones: where an English label means a noun in
one place and a verb (or a feminine, or a date) in another, the French
follows each sense (a context in the catalogue)."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from needs.models import Status as NeedStatus
from processes.document_models import ProcessDocument
from processes.models import Commitment
from tests.factories import DirectionFactory, UserFactory


@pytest.mark.parametrize(("label", "french"), [
    (ProcessDocument.Kind.REPORT.label, "Rapport"),  # not "Signaler"
    (Commitment.Status.PLANNED.label, "Prévu"),  # not a letter's "Parution prévue"
    (NeedStatus.DECLINED.label, "Refusé"),  # not the sections' "Refusées"
])
def test_a_label_says_its_own_sense_in_french(label, french):
    with translation.override("fr"):
        assert str(label) == french


def test_a_needs_status_badge_says_refuse_in_french():
    with translation.override("fr"):
        badge = render_to_string("needs/_status.html", {"status": "declined"})
    assert ">Refusé<" in badge


def test_the_watchs_button_says_partager(client, db):
    agent = UserFactory(preferred_language="fr")
    DirectionFactory().staff.add(agent)
    client.force_login(agent)
    page = client.get(reverse("calls:watch_post")).content.decode()
    assert ">Partager</button>" in page and ">Part</button>" not in page


def test_a_leads_action_on_a_proposal_is_the_verb_repondre(client, db):
    from processes import services
    from tests.dialogue.conftest import make_process

    direction = DirectionFactory()
    lead = UserFactory(preferred_language="fr")
    direction.staff.add(lead)
    services.process_lead_grant(direction=direction, person=lead, actor=None)
    process = make_process(direction, lead)
    proposal = services.proposal_create(process=process, author=UserFactory(), title="Une piste",
                                        text="Relier le centre à la gare.", category="Pistes")
    client.force_login(lead)
    page = client.get(reverse("processes:proposal", args=[process.slug, proposal.pk])).content
    assert ">Répondre</a>" in page.decode() and ">Réponse</a>" not in page.decode()
