"""What every CSV export of the platform shares."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """No formula injection when the file is opened in a spreadsheet (OWASP "CSV injection")."""
    return f"'{value}" if value[:1] in FORMULA_STARTS else value
