"""The site's icons: 24x24 outline drawings, drawn for Terreau, stroked in
currentColor so they take the colour of their text. Decorative: the text
next to them says what they mean (aria-hidden)."""

from django.utils.html import format_html
from django.utils.safestring import mark_safe

PATHS = {
    "communities": '<circle cx="12" cy="12" r="9"/><circle cx="12" cy="12" r="5"/><circle cx="12" cy="12" r="1.5"/>',
    "events": '<rect x="3.5" y="5" width="17" height="15" rx="2"/><path d="M3.5 10h17M8 3v4M16 3v4"/>'
              '<path d="M8 14h3v3H8z"/>',
    "channels": '<path d="M4 5.5h16v10H10l-4.5 4v-4H4z"/><path d="M8 9.5h8M8 12.5h5"/>',
    "bell": '<path d="M6 17V11a6 6 0 0 1 12 0v6l1.5 1.5h-15z"/><path d="M10 20.5a2.2 2.2 0 0 0 4 0"/>',
    "menu": '<path d="M4 7h16M4 12h16M4 17h16"/>',
    "close": '<path d="M6 6l12 12M18 6 6 18"/>',
    "search": '<circle cx="10.5" cy="10.5" r="6"/><path d="m15 15 5 5"/>',
    "login": '<path d="M14 4h4.5A1.5 1.5 0 0 1 20 5.5v13a1.5 1.5 0 0 1-1.5 1.5H14"/><path d="M3.5 12h11M11 8l4 4-4 4"/>',
    "user": '<circle cx="12" cy="8.5" r="4"/><path d="M4.5 20a7.5 7.5 0 0 1 15 0"/>',
    "sprout": '<path d="M12 21v-9"/><path d="M12 13c-4.5 0-7-2.5-7-7 4.5 0 7 2.5 7 7z"/>'
              '<path d="M12 11c0-4 2.5-6.5 7-6.5 0 4-2.5 6.5-7 6.5z"/><path d="M6 21h12"/>',
    "admin": '<rect x="3.5" y="4" width="17" height="16" rx="2"/><path d="M3.5 9h17M8 13h8M8 16h5"/>',
    "check": '<circle cx="12" cy="12" r="9"/><path d="m8 12.5 2.8 2.8L16.5 9.5"/>',
    "info": '<circle cx="12" cy="12" r="9"/><path d="M12 11v6M12 7.5v.5"/>',
    "alert": '<path d="M12 3.5 21 19.5H3z"/><path d="M12 10v4.5M12 17v.5"/>',
    "chart": '<path d="M4 20V4M4 20h16"/><path d="m7 15 4-5 3 3 5-6"/>',
    "mail": '<rect x="3.5" y="5.5" width="17" height="13" rx="1.5"/><path d="m4 7 8 6 8-6"/>',
    "plus": '<path d="M12 5v14M5 12h14"/>',
    "arrow": '<path d="M5 12h14M13 6l6 6-6 6"/>',
}


def icon(name: str, size: int = 24, css_class: str = "") -> str:
    """An inline <svg> for `name`, hidden from assistive technologies."""
    body = PATHS[name]
    return format_html(
        '<svg class="icon icon-{}{}" width="{}" height="{}" viewBox="0 0 24 24" fill="none" '
        'stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" '
        'aria-hidden="true" focusable="false">{}</svg>',
        name,
        f" {css_class}" if css_class else "",
        size,
        size,
        mark_safe(body),  # constant drawings of this module
    )
