"""Who may see and handle a notification: only the person it was for."""

import rules


@rules.predicate
def is_recipient(user, notification):
    return (
        notification is not None
        and user.is_authenticated
        and notification.recipient_id == user.pk
    )
