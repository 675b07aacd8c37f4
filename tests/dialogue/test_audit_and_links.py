"""Issue #17: granting and revoking process leads, hiding and restoring a
proposal leave audit entries; the process page links to its open data and
feeds, for everyone, once published."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEntry
from processes import services
from processes.models import ProcessLead, Proposal
from tests.factories import UserFactory

from .conftest import make_process

pytestmark = pytest.mark.django_db


def test_granting_and_revoking_a_process_lead_are_audited(direction):
    agent, staff = UserFactory(), UserFactory(is_staff=True)
    direction.staff.add(agent)
    services.process_lead_grant(direction=direction, person=agent, actor=staff)
    granted = AuditEntry.objects.get(action="process_lead.granted")
    assert (granted.actor, granted.target_user) == (staff, agent)
    assert granted.details == {"direction": direction.pk}
    services.process_lead_revoke(direction=direction, person=agent, actor=staff)
    assert not ProcessLead.objects.filter(person=agent).exists()
    revoked = AuditEntry.objects.get(action="process_lead.revoked")
    assert (revoked.actor, revoked.target_user) == (staff, agent)
    # Revoking someone who leads nothing changes nothing and records nothing.
    services.process_lead_revoke(direction=direction, person=agent, actor=staff)
    assert AuditEntry.objects.filter(action="process_lead.revoked").count() == 1


def test_a_refused_grant_is_not_audited(direction):
    with pytest.raises(ValidationError):
        services.process_lead_grant(direction=direction, person=UserFactory(), actor=None)
    assert not AuditEntry.objects.filter(action="process_lead.granted").exists()


def test_hiding_and_restoring_a_proposal_are_audited_and_restoring_shows_it(
        client, process, proposal, lead, author):
    client.force_login(lead)
    client.post(reverse("processes:hide", args=[process.slug, proposal.pk]),
                {"reason": "Hors sujet"})
    hidden = AuditEntry.objects.get(action="proposal.hidden")
    assert hidden.actor == lead
    assert (hidden.target_type, hidden.target_id) == ("processes.proposal", str(proposal.pk))
    page = client.get(proposal.get_absolute_url()).content.decode()
    restore_url = reverse("processes:restore", args=[process.slug, proposal.pk])
    assert restore_url in page
    response = client.post(restore_url, follow=True)
    assert "The proposal is shown again." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.hidden_at is None and proposal.hidden_reason == ""
    restored = AuditEntry.objects.get(action="proposal.restored")
    assert restored.actor == lead and restored.target_id == str(proposal.pk)
    # Restoring a shown proposal is refused with a message, and not audited again.
    response = client.post(restore_url, follow=True)
    assert "This proposal is not hidden." in response.content.decode()
    assert AuditEntry.objects.filter(action="proposal.restored").count() == 1


def test_the_author_cannot_restore_their_hidden_proposal(client, process, proposal, lead, author):
    services.proposal_hide(proposal=proposal, actor=lead, reason="Hors sujet")
    client.force_login(author)
    page = client.get(proposal.get_absolute_url()).content.decode()
    restore_url = reverse("processes:restore", args=[process.slug, proposal.pk])
    assert restore_url not in page
    assert client.post(restore_url).status_code == 403
    assert Proposal.objects.get(pk=proposal.pk).hidden_at is not None
    assert not AuditEntry.objects.filter(action="proposal.restored").exists()


def test_the_process_page_links_its_exports_and_feeds_to_everyone(client, process):
    page = client.get(process.get_absolute_url()).content.decode()
    for name in ("process-export-json", "process-export-proposals", "process-export-answers",
                 "process-export-commitments", "process-feed-rss", "process-feed-atom"):
        url = reverse(f"api:{name}", args=[process.slug])
        assert f'href="{url}"' in page
        assert client.get(url).status_code == 200


def test_a_draft_links_no_export(client, direction, lead):
    draft = make_process(direction, lead, publish=False)
    client.force_login(lead)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert reverse("api:process-feed-rss", args=[draft.slug]) not in page
    assert "Open data and feeds" not in page
