"""A barometer's agent actions in the audit log (docs/audit.md): moderating
a free-text answer (never its words), publishing results, exporting the
answers. A refused action writes no entry."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.urls import reverse

import audit
from audit.models import AuditEntry
from barometers import services
from barometers.models import Answer, Question
from tests.audit.test_audit import assert_entry, origin, only_entry

from .conftest import answers
from .test_results import _close

pytestmark = pytest.mark.django_db
A = audit.Action


def test_moderating_writes_the_decision_without_the_answers_words(public_wave, agent):
    services.response_submit(wave=public_wave, user=AnonymousUser(), device_token="a",
                             data=answers(public_wave, text="Call Mr Dupont at 06 12"))
    text = Answer.objects.get(question__kind=Question.Kind.TEXT)
    scale = Answer.objects.get(question__kind=Question.Kind.SCALE)
    with origin(agent):
        with pytest.raises(ValidationError):
            services.answer_moderate(answer=scale, status="hidden", actor=agent)
        assert not AuditEntry.objects.exists()
        services.answer_moderate(answer=text, status="hidden", actor=agent)
    entry = assert_entry(A.BAROMETER_ANSWER_MODERATED, actor=agent, community_id=None)
    assert entry.details == {"wave": public_wave.pk, "question": text.question.code,
                             "status": "hidden"}
    assert "Dupont" not in str(entry.details) + entry.target_label


def test_publishing_and_exporting_are_logged(client, public_wave, agent):
    with origin(agent):
        with pytest.raises(ValidationError):  # the wave still runs
            services.results_publish(wave=public_wave, actor=agent)
        assert not AuditEntry.objects.exists()
        _close(public_wave)
        services.results_publish(wave=public_wave, actor=agent)
    published = assert_entry(A.BAROMETER_RESULTS_PUBLISHED, actor=agent, community_id=None)
    assert published.details == {"wave": public_wave.pk}
    client.force_login(agent)
    url = reverse("barometers:export", args=[public_wave.barometer.slug, public_wave.pk])
    assert client.get(url).status_code == 200
    exported = only_entry(A.BAROMETER_ANSWERS_EXPORTED)
    assert exported.actor == agent and exported.details == {"wave": public_wave.pk, "rows": 0}
