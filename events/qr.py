"""QR codes as inline SVG (segno, pure Python): no image file, no script."""

import io

import segno


def svg(data: str, *, scale: int = 4) -> str:
    """An <svg> element with a title, to drop into a page as is."""
    buffer = io.BytesIO()
    segno.make(data, error="m").save(
        buffer, kind="svg", scale=scale, xmldecl=False, svgns=True, nl=False,
        svgclass="qr", lineclass=None, border=2,
    )
    return buffer.getvalue().decode()
