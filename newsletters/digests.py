"""What the elected officials' monthly digest reads of letters (issue #16)."""

from .models import Letter
from .selectors import archive


def letters_for_digest(*, communities, start, end, user) -> list[Letter]:
    """Letters sent in [start, end) to these communities that `user` may read
    (each community's archive, as its page filters it), oldest first, once each."""
    seen, letters = set(), []
    for community in communities:
        for letter in archive(community, user).filter(sent_at__gte=start, sent_at__lt=end):
            if letter.pk not in seen:
                seen.add(letter.pk)
                letters.append(letter)
    return sorted(letters, key=lambda letter: (letter.sent_at, letter.pk))
