"""Text as people meant it, without the invisible control characters that
come with a paste from a word processor (Word writes a vertical tab for a
line break, a bell at the end of a table cell).

XML 1.0 refuses them, so an Excel or OpenDocument file holding one is
refused by openpyxl or by LibreOffice; a drop-down list would offer a
category that no one can type. Tab, new line and carriage return stay.
"""

import re

CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_controls(text: str) -> str:
    """`text` without its control characters (a vertical tab or a form feed,
    which separate words, becomes a space)."""
    return CONTROL_CHARACTERS.sub(
        lambda m: " " if m.group() in "\x0b\x0c" else "", text)
