"""The picture a card shows when its community, event or news item has none:
an SVG drawn from the theme (its colours) and from the item (its motif), the
same every time for the same item. Decorative: the card's title names it.

The palettes are earthy and muted, so a page of cards looks calm; a theme
keyword picks the palette (biodiversity greens, water blues, food ochres...),
any other theme a palette by hash.
"""

import hashlib
import random
import unicodedata

from django.utils.html import format_html
from django.utils.safestring import mark_safe

# (background, light, mid, dark)
PALETTES = {
    "forest": ("#e3efe2", "#b9d9bd", "#5f9c69", "#2c6837"),
    "water": ("#e0eef4", "#a9d0e0", "#4f95b3", "#1f5d78"),
    "earth": ("#f5e8dc", "#e7c3a2", "#c07a4c", "#8c4420"),
    "harvest": ("#f7efd6", "#ecd48a", "#c79a2e", "#8a6410"),
    "civic": ("#eae6f4", "#c9c0e6", "#8c7cc7", "#4e3f8f"),
    "culture": ("#f8e6e2", "#f0bcb0", "#d17966", "#9a3f31"),
    "sage": ("#edf0de", "#d0d6a6", "#98a252", "#5c6624"),
    "teal": ("#e0efed", "#a8d5cf", "#4fa096", "#1f6b62"),
}
ORDER = list(PALETTES)

# Words of a theme (accents folded, lower case) and the palette they call for.
KEYWORDS = [
    (("eau", "humide", "riviere", "mer", "littoral", "ocean"), "water"),
    (("biodiversite", "nature", "faune", "flore", "foret", "arbre", "jardin"), "forest"),
    (("alimentation", "agricult", "ferme", "cantine", "circuit"), "harvest"),
    (("sol", "terre", "compost", "dechet", "recycl"), "earth"),
    (("citoyen", "democratie", "participation", "jeunesse", "education"), "civic"),
    (("culture", "patrimoine", "art", "musique", "sport"), "culture"),
    (("climat", "energie", "mobilite", "transport", "air"), "teal"),
    (("solidarite", "sante", "social", "insertion", "emploi"), "sage"),
]

MOTIFS = ("contours", "hills", "circles", "leaves")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def _number(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def palette_for(theme: str) -> str:
    """The palette's name for a theme (a tag, a direction's name...)."""
    folded = _fold(theme)
    if folded in PALETTES:
        return folded
    for words, name in KEYWORDS:
        if any(word in folded for word in words):
            return name
    return ORDER[_number(folded) % len(ORDER)]


def _contours(rnd, light, mid, dark):
    cx, cy = rnd.randint(180, 460), rnd.randint(120, 240)
    rings = []
    for i in range(9, 0, -1):
        rx, ry = 60 + i * 46 + rnd.randint(-8, 8), 34 + i * 30 + rnd.randint(-6, 6)
        colour = (light, mid, dark)[i % 3] if i < 3 else light
        width = 2.5 if i % 3 else 4
        rings.append(
            f'<ellipse cx="{cx}" cy="{cy}" rx="{rx}" ry="{ry}" fill="none" stroke="{colour}" '
            f'stroke-width="{width}" transform="rotate({rnd.randint(-18, 18)} {cx} {cy})"/>'
        )
    rings.append(f'<circle cx="{cx}" cy="{cy}" r="16" fill="{dark}"/>')
    return "".join(rings)


def _hills(rnd, light, mid, dark):
    sun = f'<circle cx="{rnd.randint(380, 560)}" cy="{rnd.randint(70, 120)}" r="42" fill="{light}"/>'
    layers = []
    for base, colour in ((190, light), (240, mid), (290, dark)):
        a, b = base - rnd.randint(20, 60), base - rnd.randint(10, 70)
        layers.append(
            f'<path d="M0 {base} C 160 {a}, 300 {b}, 640 {base - rnd.randint(0, 40)} V360 H0Z" fill="{colour}"/>'
        )
    return sun + "".join(layers)


def _circles(rnd, light, mid, dark):
    out = []
    for _ in range(3):
        cx, cy = rnd.randint(60, 580), rnd.randint(40, 320)
        for r, colour, width in ((120, light, 14), (78, mid, 10), (38, dark, 0)):
            if width:
                out.append(f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="none" stroke="{colour}" stroke-width="{width}"/>')
            else:
                out.append(f'<circle cx="{cx}" cy="{cy}" r="{r // 2}" fill="{colour}"/>')
    return "".join(out)


def _leaves(rnd, light, mid, dark):
    out = []
    for row in range(4):
        for col in range(7):
            x, y = 40 + col * 92 + (46 if row % 2 else 0), 50 + row * 90
            colour = (light, mid, dark)[rnd.randint(0, 2)]
            angle = rnd.randint(-60, 60)
            out.append(
                f'<path d="M{x} {y + 28} C {x - 26} {y + 6}, {x - 12} {y - 26}, {x} {y - 30} '
                f'C {x + 12} {y - 26}, {x + 26} {y + 6}, {x} {y + 28}Z" fill="{colour}" '
                f'transform="rotate({angle} {x} {y})"/>'
            )
    return "".join(out)


DRAW = {"contours": _contours, "hills": _hills, "circles": _circles, "leaves": _leaves}


def pattern_svg(theme: str, item: str, *, motif: str | None = None) -> str:
    """An SVG (640x360, cropped to its box) for the item `item` of theme `theme`."""
    background, light, mid, dark = PALETTES[palette_for(theme or item)]
    rnd = random.Random(_number(f"{theme}|{item}"))  # a drawing, not a secret
    motif = motif or MOTIFS[_number(item) % len(MOTIFS)]
    body = DRAW[motif](rnd, light, mid, dark)
    return format_html(
        '<svg class="pattern pattern-{}" viewBox="0 0 640 360" preserveAspectRatio="xMidYMid slice" '
        'xmlns="http://www.w3.org/2000/svg" aria-hidden="true" focusable="false">'
        '<rect width="640" height="360" fill="{}"/>{}</svg>',
        motif,
        background,
        mark_safe(body),  # numbers and colours of this module only
    )
