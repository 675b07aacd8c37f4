from celery import shared_task

from terreau.emails import load_email_class, reload


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_email(class_path: str, pk, **kwargs) -> int:
    """Render and send one Email class for the object `pk` (reloaded here).

    An object deleted in the meantime sends nothing.
    """
    cls = load_email_class(class_path)
    obj = reload(cls, pk)
    if obj is None:
        return 0
    return cls(obj, **kwargs).dispatch()
