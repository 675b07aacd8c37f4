"""The signed link that lets a candidate withdraw without an account."""

from django.core import signing

SALT = "councils.withdraw"


def make(candidate) -> str:
    return signing.dumps({"c": candidate.pk, "p": candidate.public_id}, salt=SALT)


def read(token: str) -> dict | None:
    try:
        return signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
