"""Portrait placeholders: a person's initials on a colour drawn from their name.

Nobody uploads a photo on Terreau (there is no avatar field): a list of
people is easier to scan with a face-like mark beside each name, so each
name gets a small SVG disc, drawn here and inlined in the page (no request,
nothing fetched from elsewhere). The same name always gives the same
colour; the colours are dark enough for white initials (contrast at least
4.5:1, tests/accounts/test_avatars.py). The disc repeats the name written
beside it, so it is hidden from screen readers.

discussions/static/discussions/chat.js draws the same discs for messages
that arrive live, with the same rule (initials, hash, palette): keep both
in step.
"""

from __future__ import annotations

from django.utils.html import escape

# Dark tones of the site's palette and a few neighbours (static/css/terreau.css).
PALETTE = (
    "#2f6b3a", "#1d4325", "#1a5fb4", "#8a3b00", "#6b3fa0",
    "#005f73", "#7a4e00", "#4a524c", "#9b2c6b", "#35574a",
)


def initials(name: str) -> str:
    """Up to two capital letters: the first and the last word's first letter."""
    words = ["".join(c for c in word if c.isalpha()) for word in str(name or "").split()]
    words = [word for word in words if word]
    if not words:
        return "?"
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()


def colour(name: str) -> str:
    """The name's colour: a 32-bit multiplicative hash of its code points."""
    h = 0
    for char in str(name or ""):
        h = (h * 31 + ord(char)) % 2**32
    return PALETTE[h % len(PALETTE)]


def svg(name: str, size: int = 40) -> str:
    """The disc as inline SVG markup, with the CSS class `avatar`."""
    size = int(size)
    return (
        f'<svg class="avatar" width="{size}" height="{size}" viewBox="0 0 40 40" '
        f'aria-hidden="true" focusable="false"><circle cx="20" cy="20" r="20" '
        f'fill="{colour(name)}"/><text x="20" y="20" dy=".35em" text-anchor="middle" '
        f'fill="#fff" font-size="16" font-weight="600" font-family="inherit">'
        f"{escape(initials(name))}</text></svg>"
    )
