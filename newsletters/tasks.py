"""Celery tasks of the newsletters app: take ids, call services, idempotent."""

from __future__ import annotations

import smtplib

from celery import shared_task


@shared_task(
    bind=True,
    autoretry_for=(OSError, smtplib.SMTPException),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=8,
)
def send_letter(self, letter_id: int) -> dict:
    """Send one batch of the letter, then enqueue the next one.

    A task that found nothing to claim ends: the rest is held by other
    workers, whose leases the sweep watches. Running it twice, late, or on
    several workers at once sends nothing twice (see services.sending).
    """
    from .services import letter_send_batch

    result = letter_send_batch(letter_id=letter_id)
    if result.claimed and result.remaining:
        send_letter.delay(letter_id)
    return result.as_dict()


@shared_task
def sweep(now: str | None = None) -> dict:
    """Run by Celery beat (NEWSLETTER_SWEEP_SECONDS): start the scheduled
    letters whose time has come, and resume those whose task was lost (a
    broker restart) or whose worker died (an expired lease).

    `now` (ISO 8601) lets tests move the clock.
    """
    from django.utils.dateparse import parse_datetime

    from .services import letter_finish_if_done, letters_start_due, letters_to_resume

    moment = parse_datetime(now) if now else None
    started = letters_start_due(now=moment)
    # A letter started just now has its task on the way already.
    resumed = [pk for pk in letters_to_resume(now=moment) if pk not in started]
    for letter_id in resumed:
        if not letter_finish_if_done(letter_id=letter_id):
            send_letter.delay(letter_id)
    return {"started": started, "resumed": resumed}
