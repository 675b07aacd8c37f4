"""Mass sending: one delivery per recipient, claimed in batches, marked as accepted.

The guarantees and their limits are explained in docs/newsletters.md. In
short:

- `start_sending` creates every Delivery row in the same transaction as the
  letter's move to "sending"; a unique (letter, user) constraint and the
  letter's row lock make it idempotent.
- `deliveries_claim` takes up to `limit` pending rows whose lease is free or
  expired: `SELECT ... FOR UPDATE SKIP LOCKED` on PostgreSQL, so concurrent
  workers never take the same row; elsewhere (SQLite, which serialises
  writers) a conditional UPDATE re-checks the lease and the claim token
  tells which rows we won.
- `letter_send_batch` sends the batch over one SMTP connection; a second
  thread marks the accepted copies sent, each group in one autocommitted
  UPDATE, while the next exchanges run, outside any long transaction. A
  worker killed at any moment leaves uncertain only the copies accepted
  while the previous mark committed (a few, at most MARK_WINDOW); their
  lease expires and they are sent again with the same Message-ID (derived
  from the delivery id). Refused copies are marked failed in one UPDATE.

The package's modules: claims.py (the rows, their leases, the finish),
marking.py (accepted, refused, given back), batch.py (one SMTP connection).
"""

from .batch import BatchResult, letter_send_batch, smtp_address  # noqa: F401
from .claims import (  # noqa: F401
    MAX_ATTEMPTS,
    batch_size,
    deliveries_claim,
    lease,
    letter_finish_if_done,
    letters_start_due,
    letters_to_resume,
    start_sending,
)
from .marking import MARK_GATHER_SECONDS, MARK_WINDOW, _InlineMarker, _Marker  # noqa: F401
