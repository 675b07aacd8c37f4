"""The published citizen opinion as a PDF (issue #17, item 4), drawn with
ReportLab: the introduction, the panel, each recommendation with the
contributions it draws on and its argued answer when given.

The font is Bitstream Vera, which ReportLab ships in its own package
(reportlab/fonts/Vera*.ttf): French accents, œ, « », ’ and € are in it,
nothing is read from the system or fetched at run time, and it is embedded
(subset) in the file, so every reader shows the same letters.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import ListFlowable, Paragraph, SimpleDocTemplate, Spacer

FONT, BOLD = "TerreauVera", "TerreauVera-Bold"
# Characters Vera lacks, as French typography writes them (thin spaces).
_SPACES = str.maketrans({"\u202f": "\u00a0", "\u2009": " "})


def _fonts() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, "Vera.ttf"))  # found in reportlab/fonts
        pdfmetrics.registerFont(TTFont(BOLD, "VeraBd.ttf"))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT,
                                      boldItalic=BOLD)


def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=FONT, fontSize=10.5, leading=14.5, spaceAfter=5)
    return {
        "title": ParagraphStyle("title", parent=body, fontName=BOLD, fontSize=19, leading=24,
                                spaceAfter=8),
        "h2": ParagraphStyle("h2", parent=body, fontName=BOLD, fontSize=13.5, leading=18,
                             spaceBefore=12, spaceAfter=5),
        "muted": ParagraphStyle("muted", parent=body, fontSize=9, leading=12,
                                textColor="#555555"),
        "body": body,
    }


def _text(value) -> str:
    """Plain text to a Paragraph's markup: escaped, line breaks kept."""
    return escape(str(value).translate(_SPACES)).replace("\n", "<br/>")


def _date(value) -> str:
    return formats.date_format(value, "DATE_FORMAT").translate(_SPACES)


def opinion_pdf(process, opinion, recommendations, members) -> bytes:
    """The file's bytes. Same input, same bytes (ReportLab's invariant mode)."""
    _fonts()
    s = _styles()
    story = [
        Paragraph(_text(_("Citizen opinion")), s["muted"]),
        Paragraph(_text(process.title), s["title"]),
        Paragraph(_text(_("Published on %(date)s · %(territory)s · decided by %(maker)s") % {
            "date": _date(timezone.localtime(opinion.published_at)),
            "territory": process.territory, "maker": process.decision_maker}), s["muted"]),
    ]
    if opinion.introduction:
        story.append(Paragraph(_text(opinion.introduction), s["body"]))
    panel = [m.person.display_name for m in members]
    if opinion.council_id:
        panel.append(_("the citizen council “%(name)s”") % {"name": opinion.council.name})
    if panel:
        story.append(Paragraph(_text(_("Written by the panel: %(names)s.") % {
            "names": ", ".join(panel)}), s["body"]))
    story.append(Paragraph(_text(_("Recommendations")), s["h2"]))
    for number, recommendation in enumerate(recommendations, start=1):
        story.append(Paragraph(_text(f"{number}. {recommendation.title}"), s["h2"]))
        story.append(Paragraph(_text(recommendation.text), s["body"]))
        proposals = list(recommendation.proposals.all())
        if proposals:
            story.append(Paragraph(_text(_("It draws on these contributions:")), s["body"]))
            story.append(ListFlowable(
                [Paragraph(_text(p.title), s["body"]) for p in proposals],
                bulletType="bullet", bulletFontName=FONT, leftIndent=12))
        if recommendation.answer_status:
            status = _("Answer: %(status)s") % {
                "status": recommendation.get_answer_status_display()}
            when = _date(timezone.localtime(recommendation.answered_at))
            story.append(Paragraph(f"<b>{_text(status)}</b> · {_text(when)}", s["body"]))
            story.append(Paragraph(_text(recommendation.answer_reason), s["body"]))
        else:
            story.append(Paragraph(_text(_("Waiting for its answer, due by %(date)s.") % {
                "date": _date(process.answer_due_on)}), s["muted"]))
        story.append(Spacer(1, 3 * mm))
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, invariant=1, title=process.title,
                            author=str(process.decision_maker),
                            leftMargin=20 * mm, rightMargin=20 * mm,
                            topMargin=18 * mm, bottomMargin=18 * mm)
    doc.build(story)
    return buffer.getvalue()
