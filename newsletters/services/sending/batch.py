"""One batch over one SMTP connection: each copy assembled for its reader,
handed to the server, and its reply sorted (accepted, refused, retry)."""

from __future__ import annotations

import logging
import smtplib
from collections import OrderedDict
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends import smtp as smtp_backend
from django.core.mail.message import sanitize_address
from django.utils.encoding import punycode

from ... import rendering, selectors
from ...models import Delivery, Letter
from .claims import MAX_ATTEMPTS, batch_size, deliveries_claim, letter_finish_if_done
from .marking import _can_mark_in_background, _InlineMarker, _mark_failed, _Marker, _release

logger = logging.getLogger(__package__)


def _is_permanent(
    error: smtplib.SMTPRecipientsRefused | smtplib.SMTPResponseException,
) -> bool:
    """A 5xx answer about this recipient or message: retrying will not help."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    return error.smtp_code >= 500


@dataclass
class BatchResult:
    claimed: int = 0
    sent: int = 0
    failed: int = 0
    remaining: bool = False
    mark_updates: int = 0  # UPDATE statements that marked the sent copies

    def as_dict(self) -> dict:
        return asdict(self)


def letter_send_batch(*, letter_id: int, limit: int | None = None) -> BatchResult:
    """Claim one batch of a letter's copies, send them, mark each one.

    Not atomic on purpose: each mark commits on its own, right after the
    mail server accepted the message. Raises on a connection failure (the
    task retries), after giving the unsent copies back.
    """
    result = BatchResult()
    letter = Letter.objects.select_related("community").filter(pk=letter_id).first()
    if letter is None or letter.state != Letter.State.SENDING:
        return result
    batch = deliveries_claim(letter_id=letter_id, limit=limit or batch_size())
    result.claimed = len(batch)
    if batch:
        _send(letter, batch, result)
    result.remaining = Delivery.objects.filter(
        letter_id=letter_id, state=Delivery.State.PENDING
    ).exists()
    if not result.remaining:
        letter_finish_if_done(letter_id=letter_id)
    return result


# Rendered letters of this process, by letter and language: a letter being
# sent can no longer change, so every batch of it reuses the same rendering.
_RENDERED: OrderedDict = OrderedDict()


def _rendered_cache(letter: Letter) -> dict[str, rendering.RenderedLetter]:
    key = (letter.pk, letter.sending_started_at)
    if key not in _RENDERED:
        _RENDERED[key] = {}
        while len(_RENDERED) > 4:
            _RENDERED.popitem(last=False)
    return _RENDERED[key]


class _Transport:
    """Hands a batch's copies to the mail backend.

    With Django's SMTP backend, a copy's bytes go straight to the backend's
    open smtplib connection (its host, port, TLS, credentials and timeout):
    the backend would otherwise parse and re-encode the sender's and the
    recipient's addresses with the email package for every message, which
    cost more than a third of the SMTP exchange. Here the sender is
    sanitised once per batch; a recipient's address is already what SMTP
    takes (`smtp_address`: ASCII, the domain in its IDNA form), which
    sanitize_address would return unchanged. Any other backend (the local
    outbox, the tests' locmem, a provider's API) receives an ordinary
    EmailMessage.
    """

    def __init__(self, connection):
        self.connection = connection
        self.client = None
        if isinstance(connection, smtp_backend.EmailBackend):
            self.client = connection.connection  # opened by the caller
            self.sender = sanitize_address(settings.DEFAULT_FROM_EMAIL,
                                           settings.DEFAULT_CHARSET)

    def send(self, copy: rendering.Copy) -> None:
        if self.client is None:
            self.connection.send_messages([copy.message(self.connection)])
            return
        self.client.sendmail(self.sender, [copy.email], copy.raw)


def smtp_address(address: str) -> str:
    """The address as a mail server without SMTPUTF8 (RFC 6531) takes it.

    An internationalised domain travels in its IDNA form (`bücher.example`
    becomes `xn--bcher-kva.example`, the same domain for every server). A
    local part that is not ASCII could only travel with SMTPUTF8, which
    letters do not use: ValueError, and the copy is marked failed with that
    reason rather than sent to a mangled address. (Django's address
    validation refuses such local parts, so only old or imported accounts
    have one.)
    """
    local, _, domain = address.rpartition("@")
    if not local.isascii():
        raise ValueError("not sent: the part before @ is not ASCII (SMTPUTF8 is not used)")
    if domain.isascii():
        return address
    try:
        return f"{local}@{punycode(domain)}"
    except UnicodeError as error:
        raise ValueError(f"not sent: the domain has no IDNA form ({error})") from None


def _send(letter: Letter, batch: list[Delivery], result: BatchResult) -> None:
    failed: list[tuple[Delivery, str]] = [
        (d, f"gave up after {MAX_ATTEMPTS} attempts") for d in batch if d.attempts > MAX_ATTEMPTS
    ]
    result.failed = len(failed)  # a fresh result: _send runs once per batch
    todo = [d for d in batch if d.attempts <= MAX_ATTEMPTS]
    if not todo:
        _mark_failed(failed)
        return
    rendered = _rendered_cache(letter)
    connection = get_connection()
    try:
        connection.open()
    except Exception as error:
        _mark_failed(failed)
        _release(todo, f"connection: {error}")
        raise
    transport = _Transport(connection)
    claim = todo[0].claim
    marker = _Marker(claim) if _can_mark_in_background() else _InlineMarker(claim)
    try:
        for index, delivery in enumerate(todo):
            try:
                address = smtp_address(delivery.email)
            except ValueError as error:
                failed.append((delivery, str(error)))
                result.failed += 1
                continue
            user = delivery.user
            language = user.preferred_language or settings.LANGUAGE_CODE
            if language not in rendered:
                sections = selectors.accepted_sections(letter)
                rendered[language] = rendering.render_letter(letter, sections, language=language)
            copy = rendering.build_copy(
                letter, rendered[language], email=address, name=str(user),
                user_id=user.pk, message_id=delivery.message_id(),
            )
            try:
                transport.send(copy)
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPResponseException) as error:
                if _is_permanent(error):
                    failed.append((delivery, repr(error)))
                    result.failed += 1
                    continue
                _release(todo[index:], repr(error))
                raise
            except Exception as error:
                _release(todo[index:], repr(error))
                raise
            marker.mark(delivery.pk)
            result.sent += 1
    finally:
        try:
            marker.close()  # every accepted copy is marked before we go on
        finally:
            result.mark_updates = marker.updates
            _mark_failed(failed)
            try:
                connection.close()
            except Exception:
                logger.debug("closing the SMTP connection failed", exc_info=True)
