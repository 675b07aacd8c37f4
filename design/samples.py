"""Made-up content for the style guide: objects shaped like the ones the
pages pass to the same templates (a community, an event...), never read from
the database, so the guide shows every state on any site."""

from datetime import date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from django.contrib.messages import constants
from django.utils import timezone
from django.utils.translation import gettext as _

from insights.charts import Series, line_chart

from .forms import StyleGuideForm
from .patterns import MOTIFS, PALETTES


class SampleMessage:
    """Shaped like a django.contrib.messages message for the toasts' template."""

    def __init__(self, level, text):
        self.level = level
        self.level_tag = constants.DEFAULT_TAGS[level]
        self.tags = self.level_tag
        self.message = text

    def __str__(self):
        return self.message


def _community(name, slug, territory, direction, themes, counts):
    return SimpleNamespace(
        name=name, slug=slug, territory=territory, picture=None, picture_alt="",
        direction=SimpleNamespace(name=direction),
        themes=SimpleNamespace(all=[SimpleNamespace(name=t) for t in themes]),
        _prefetched_objects_cache={"themes": [SimpleNamespace(name=t) for t in themes]},
        engaged_count=counts[0], informed_count=counts[1], citizens_count=counts[2],
        get_absolute_url="#components",
    )


def _month(start: date, offset: int) -> date:
    year, month = divmod(start.month - 1 + offset, 12)
    return date(start.year + year, month + 1, 1)


def context(request) -> dict:
    communities = [
        _community(_("Biodiversity of the Pyrenees"), "biodiversite", "Occitanie — Pyrénées",
                   _("Environment"), [_("biodiversity"), _("wetlands")], (12, 48, 230)),
        _community(_("Sustainable food in Lyon"), "alimentation", "Lyon Métropole",
                   _("Agriculture"), [_("food"), _("short supply chains")], (8, 21, 96)),
        _community(_("Youth and citizenship"), "jeunesse", "Rodez",
                   _("Education"), [_("citizenship")], (5, 9, 40)),
    ]
    paris = ZoneInfo("Europe/Paris")
    soon = timezone.now().astimezone(paris).replace(hour=9, minute=30, second=0, microsecond=0)
    events = [
        SimpleNamespace(pk=1, title=_("Counting the birds of the pond"), community=communities[0],
                        time_zone="Europe/Paris", starts_at=soon + timedelta(days=6),
                        is_cancelled=False, get_absolute_url="#components"),
        SimpleNamespace(pk=2, title=_("Seed swap at the market hall"), community=communities[1],
                        time_zone="Europe/Paris", starts_at=soon + timedelta(days=12),
                        is_cancelled=True, get_absolute_url="#components"),
        SimpleNamespace(pk=3, title=_("Open day of the regional council"), community=None,
                        time_zone="Europe/Paris", starts_at=soon + timedelta(days=20),
                        is_cancelled=False, get_absolute_url="#components"),
    ]
    news = [
        SimpleNamespace(pk=10, title=_("Two thousand trees planted near Rodez"),
                        summary=_("Volunteers and farmers planted hedges along six kilometres of paths."),
                        date=date.today(), direction=SimpleNamespace(name=_("Environment"))),
        SimpleNamespace(pk=11, title=_("The school canteens buy local"),
                        summary=_("Half of the vegetables served this autumn come from the region."),
                        date=date.today() - timedelta(days=9), direction=SimpleNamespace(name=_("Agriculture"))),
    ]
    first = _month(date.today().replace(day=1), -11)
    months = [_month(first, i) for i in range(12)]
    series = [
        Series(_("Citizens"), [90 + 12 * i for i in range(12)]),
        Series(_("Informed"), [20 + 3 * i for i in range(12)]),
        Series(_("Engaged"), [5 + i // 2 for i in range(12)]),
    ]
    chart = line_chart(
        chart_id="styleguide-chart",
        title=_("Members per circle, month by month"),
        description=_("A sample chart: three lines that grow over twelve months."),
        months=months, series=series,
    )
    invalid = StyleGuideForm(
        data={"invalid-name": "", "invalid-email": "not an address"}, prefix="invalid"
    )
    invalid.is_valid()
    return {
        "communities": communities,
        "events": events,
        "news_items": news,
        "chart": chart,
        "form_empty": StyleGuideForm(prefix="empty"),
        "form_invalid": invalid,
        "sample_messages": [
            SampleMessage(constants.SUCCESS, _("You joined Biodiversity of the Pyrenees.")),
            SampleMessage(constants.INFO, _("Your letter is scheduled for Monday at 9:00.")),
            SampleMessage(constants.WARNING, _("The event is full: you are on the waiting list.")),
            SampleMessage(constants.ERROR, _("The message could not be sent. Try again.")),
        ],
        "palettes": list(PALETTES),
        "motifs": MOTIFS,
        "table_rows": [
            {"name": "Nadia Benali", "circle": _("Engaged"), "last": date.today() - timedelta(days=64), "events": 7},
            {"name": "Paul Jardin", "circle": _("Informed"), "last": date.today() - timedelta(days=95), "events": 2},
            {"name": "Léa Marty", "circle": _("Citizens"), "last": date.today() - timedelta(days=120), "events": 0},
        ],
        "now": datetime.now(tz=paris),
    }
