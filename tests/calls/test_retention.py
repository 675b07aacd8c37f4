"""The pieces of an application not funded go a year after the decision,
those of a draft never submitted a year after its call closed (calls/privacy_hooks.py
`purge`, run hourly by the retention task); the files leave the private
storage once the rows are gone. The application and its decision stay."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from calls import privacy_hooks
from calls.models import Application, Attachment, Call
from privacy.services import retention_purge

from .conftest import complete

pytestmark = pytest.mark.django_db

YEAR = dt.timedelta(days=365)
SECOND = dt.timedelta(seconds=1)


def stored_files():
    storage = Attachment._meta.get_field("file").storage
    names = list(Attachment.objects.values_list("file", flat=True))
    assert names
    return lambda: [name for name in names if storage.exists(name)]


def closed(call_id, *, at):
    Call.objects.filter(pk=call_id).update(opens_at=at - dt.timedelta(days=30), closes_at=at)


def decided(application, decision, *, at):
    Application.objects.filter(pk=application.pk).update(
        status=Application.Status.DECIDED, decision=decision, decided_at=at,
        decision_reasons="Le budget de l'appel est épuisé.")


def test_an_unfunded_applications_pieces_go_a_year_after_the_decision_not_before(
        submitted, django_capture_on_commit_callbacks):
    now = timezone.now()
    remaining = stored_files()
    pieces = len(remaining())
    decided(submitted, Application.Decision.NOT_FUNDED, at=now - YEAR)
    with django_capture_on_commit_callbacks(execute=True):
        assert privacy_hooks.purge(now) == 0
    assert len(remaining()) == pieces == Attachment.objects.count()

    decided(submitted, Application.Decision.NOT_FUNDED, at=now - YEAR - SECOND)
    with django_capture_on_commit_callbacks(execute=True):
        assert privacy_hooks.purge(now) == pieces
    assert not Attachment.objects.exists() and remaining() == []
    kept = Application.objects.get(pk=submitted.pk)
    assert (kept.title, kept.decision, kept.decision_reasons) == (
        "Potagers partagés", Application.Decision.NOT_FUNDED, "Le budget de l'appel est épuisé.")
    assert privacy_hooks.purge(now) == 0  # a second run finds nothing


def test_a_funded_projects_pieces_stay_with_the_calls_records(submitted):
    now = timezone.now()
    decided(submitted, Application.Decision.FUNDED, at=now - 3 * YEAR)
    assert privacy_hooks.purge(now) == 0 and Attachment.objects.exists()


def test_an_application_waiting_for_its_decision_keeps_its_pieces(submitted):
    now = timezone.now()
    closed(submitted.call_id, at=now - 3 * YEAR)
    assert privacy_hooks.purge(now) == 0 and Attachment.objects.exists()


def test_a_drafts_pieces_go_a_year_after_its_call_closed_not_before(
        application, lead, django_capture_on_commit_callbacks):
    complete(application, lead[1])  # every piece uploaded, never submitted
    now = timezone.now()
    remaining = stored_files()
    closed(application.call_id, at=now - YEAR)
    assert privacy_hooks.purge(now) == 0
    closed(application.call_id, at=now - YEAR - SECOND)
    with django_capture_on_commit_callbacks(execute=True):
        assert privacy_hooks.purge(now) > 0
    assert not Attachment.objects.exists() and remaining() == []


def test_the_files_stay_when_the_purge_is_rolled_back(submitted):
    now = timezone.now()
    remaining = stored_files()
    pieces = len(remaining())
    decided(submitted, Application.Decision.NOT_FUNDED, at=now - 2 * YEAR)
    with pytest.raises(RuntimeError), transaction.atomic():
        privacy_hooks.purge(now)
        raise RuntimeError
    assert len(remaining()) == pieces == Attachment.objects.count()


def test_the_retention_task_runs_it(submitted, django_capture_on_commit_callbacks):
    now = timezone.now()
    decided(submitted, Application.Decision.NOT_FUNDED, at=now - 2 * YEAR)
    with django_capture_on_commit_callbacks(execute=True):
        assert retention_purge(now=now)["calls"] > 0
