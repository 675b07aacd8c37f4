"""Forms of citizen councils. They read the input; the services decide."""

import zoneinfo

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from communities.addressing import addressable_communities
from communities.models import Community, Direction
from events.forms import WallClockField
from terreau.spreadsheets import csv_upload_check
from terreau.text import without_controls

from .categories import category_label
from .models import College, Council, Member

# Sessions are dated in the site's time zone, as the events app's default.
SESSION_TIME_ZONE = "Europe/Paris"


def _characteristic_field(characteristic, *, required=True) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=gettext(characteristic.label), required=required,
        choices=[("", "—")] + [(c, category_label(c)) for c in characteristic.categories],
        help_text=_("Used only for the draw's quotas, published with a pseudonymous number."),
    )


class VolunteerForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=120)
    email = forms.EmailField(label=_("Your e-mail address"),
                             help_text=_("To tell you if you are drawn, and to withdraw."))
    territory = forms.CharField(label=_("Where you live (street or neighbourhood)"),
                                max_length=200)
    consent = forms.BooleanField(label=_("I agree to the text above."), required=False)

    def __init__(self, *args, council: Council, **kwargs):
        super().__init__(*args, **kwargs)
        self.characteristics = list(council.characteristics.all())
        for characteristic in self.characteristics:
            # The service names what is missing; the browser does not stop the form.
            self.fields[characteristic.key] = _characteristic_field(characteristic, required=False)
        self.order_fields(["name", "email", "territory",
                           *[c.key for c in self.characteristics], "consent"])

    def characteristic_fields(self):
        return [self[c.key] for c in self.characteristics]

    def values(self) -> dict:
        return {c.key: self.cleaned_data.get(c.key) or "" for c in self.characteristics}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (spreadsheet or CSV)"),
        help_text=_("A spreadsheet (.ods or .xlsx, its first sheet) or CSV in UTF-8, comma "
                    "or semicolon; 2 MB at most; the first row names the columns."))
    consent_confirmed = forms.BooleanField(
        label=_("Every person on the list agreed to the pool's text."), required=False
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        csv_upload_check(upload)
        return upload


class AnnounceForm(forms.Form):
    """Seats, quotas (a min and a max per category) and the seed's source."""

    college = forms.ModelChoiceField(label=_("College"), queryset=College.objects.none())
    seats = forms.IntegerField(label=_("Seats to fill by lot"), min_value=1, max_value=500)
    seed_source = forms.CharField(
        label=_("Where the seed will come from"), max_length=300,
        help_text=_("Announced before the draw, for example: “the five numbers of the national "
                    "lottery of Monday 14 December”."),
    )

    def __init__(self, *args, council: Council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["college"].queryset = council.colleges.all()
        self.groups = []
        for characteristic in council.characteristics.all():
            rows = []
            for index, category in enumerate(characteristic.categories):
                low, high = f"q-{characteristic.key}-{index}-min", f"q-{characteristic.key}-{index}-max"
                self.fields[low] = forms.IntegerField(
                    label=_("at least"), min_value=0, max_value=500, required=False)
                self.fields[high] = forms.IntegerField(
                    label=_("at most"), min_value=0, max_value=500, required=False)
                rows.append((category, self[low], self[high], low, high))
            self.groups.append((gettext(characteristic.label), characteristic.key, rows))

    def quotas(self) -> dict:
        """{key: {category: [min, max]}} of the categories given a bound (the
        other bound defaults to 0 or to the seats)."""
        seats = self.cleaned_data["seats"]
        quotas = {}
        for _label, key, rows in self.groups:
            for category, _lf, _hf, low, high in rows:
                lo, hi = self.cleaned_data.get(low), self.cleaned_data.get(high)
                if lo is None and hi is None:
                    continue
                quotas.setdefault(key, {})[category] = [
                    0 if lo is None else lo, seats if hi is None else hi
                ]
        return quotas


class SeedForm(forms.Form):
    seed = forms.CharField(label=_("Seed, as published"), max_length=200)


class ReplacementForm(forms.Form):
    seed_source = AnnounceForm.base_fields["seed_source"]


class AppointForm(forms.Form):
    college = forms.ModelChoiceField(label=_("College"), queryset=College.objects.none())
    name = forms.CharField(label=_("Name"), max_length=120)
    account = forms.EmailField(
        label=_("Their account's e-mail address"), required=False,
        help_text=_("Optional: lets them read the council's channel and minutes."))

    def __init__(self, *args, council: Council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["college"].queryset = council.colleges.all()

    def clean_account(self):
        from django.contrib.auth import get_user_model

        email = self.cleaned_data["account"]
        if not email:
            return None
        user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No account has this address."), code="no_account")
        return user


def member_of(council: Council, pk) -> Member | None:
    return Member.objects.filter(council=council, pk=pk).select_related("draw", "college").first()


def _lines(text: str) -> list[str]:
    """The lines typed, trimmed, without the empty ones nor control characters
    (they would reach the import's template: terreau/text.py)."""
    lines = [without_controls(line).strip() for line in (text or "").splitlines()]
    return [line for line in lines if line]


def _key_of(label: str) -> str:
    return slugify(label).replace("-", "_")[:40] or "characteristic"


class CouncilForm(forms.Form):
    """A council's fields; colleges and characteristics one per line. The
    address (slug) and the direction are chosen at creation only."""

    name = forms.CharField(label=_("Name"), max_length=120)
    slug = forms.SlugField(
        label=_("Address"), max_length=120, required=False,
        help_text=_("The end of the council's address, /councils/…/. Left empty, it is made "
                    "from the name. It cannot change later."),
    )
    direction = forms.ModelChoiceField(label=_("Direction"), queryset=Direction.objects.none(),
                                       help_text=_("Its agents run the council."))
    territory = forms.CharField(label=_("Territory"), max_length=200,
                                help_text=_("The commune or neighbourhood it serves."))
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(
        attrs={"rows": 3}))
    term_start = forms.DateField(label=_("Start of term"),
                                 widget=forms.DateInput(attrs={"type": "date"}))
    term_end = forms.DateField(label=_("End of term"),
                               widget=forms.DateInput(attrs={"type": "date"}))
    colleges = forms.CharField(
        label=_("Colleges and their seats"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: the college's name, a colon, its number of seats. For "
                    "example: Habitants: 12"),
    )
    sub_areas = forms.CharField(
        label=_("Sub-areas of the territory"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line. Candidates say which one they live in; quotas can use them."),
    )
    characteristics = forms.CharField(
        label=_("Other characteristics for the quotas"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional. Age band and gender are always asked. One per line: its name, a "
                    "colon, its categories separated by commas. For example: Housing: tenant, "
                    "owner, other"),
    )

    def __init__(self, *args, directions=None, council: Council | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if council is not None:
            del self.fields["slug"], self.fields["direction"]
        else:
            self.fields["direction"].queryset = directions

    def clean_colleges(self):
        colleges = []
        for number, line in enumerate(_lines(self.cleaned_data["colleges"]), start=1):
            name, _sep, seats = line.rpartition(":")
            try:
                seats = int(seats.strip())
            except ValueError:
                seats = None
            if not name.strip() or seats is None:
                raise forms.ValidationError(
                    _("Line %(line)d: write the college's name, a colon and its number of "
                      "seats, for example “Habitants: 12”."), params={"line": number},
                    code="format")
            colleges.append((name.strip(), seats))
        return colleges

    def clean_sub_areas(self):
        return _lines(self.cleaned_data["sub_areas"])

    def clean_characteristics(self):
        result = []
        for number, line in enumerate(_lines(self.cleaned_data.get("characteristics")), start=1):
            label, _sep, categories = line.partition(":")
            categories = [c.strip() for c in categories.split(",") if c.strip()]
            if not label.strip() or not _sep:
                raise forms.ValidationError(
                    _("Line %(line)d: write the characteristic's name, a colon and its "
                      "categories separated by commas."), params={"line": number},
                    code="format")
            result.append((_key_of(label), label.strip(), categories))
        return result

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"], "territory": data["territory"],
            "description": data.get("description", ""), "term_start": data["term_start"],
            "term_end": data["term_end"], "colleges": data["colleges"],
            "sub_areas": data["sub_areas"], "extra_characteristics": data["characteristics"],
        }

    @staticmethod
    def initial_of(council: Council) -> dict:
        characteristics = list(council.characteristics.all())
        return {
            "name": council.name, "territory": council.territory,
            "description": council.description, "term_start": council.term_start,
            "term_end": council.term_end,
            "colleges": "\n".join(f"{c.name}: {c.seats}" for c in council.colleges.all()),
            "sub_areas": "\n".join(next((c.categories for c in characteristics
                                         if c.key == "sub_area"), [])),
            "characteristics": "\n".join(
                f"{c.label}: {', '.join(c.categories)}" for c in characteristics
                if c.key not in ("age_band", "gender", "sub_area")),
        }


class SessionForm(forms.Form):
    """A session: an event of the events app, dated in Paris time."""

    title = forms.CharField(label=_("Title"), max_length=160)
    starts_at = WallClockField(label=_("Starts"), help_text=_("Paris time."))
    ends_at = WallClockField(label=_("Ends"), help_text=_("Paris time."))
    address = forms.CharField(label=_("Address"), widget=forms.Textarea(attrs={"rows": 2}))
    agenda = forms.CharField(label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 6}),
                             help_text=_("Published with the session, one item per line."))

    def clean(self):
        data = super().clean()
        zone = zoneinfo.ZoneInfo(SESSION_TIME_ZONE)
        for name in ("starts_at", "ends_at"):
            if data.get(name) is not None:
                data[name] = data[name].replace(tzinfo=zone)
        return data


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 12}))
    public = forms.BooleanField(
        label=_("Publish the minutes to everyone"), required=False,
        help_text=_("Otherwise only the council's members and agents read them."))


class ChannelForm(forms.Form):
    community = forms.ModelChoiceField(
        label=_("Community"), queryset=Community.objects.none(),
        help_text=_("The council's channel lives in this community; its members are "
                    "invited to join it."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the communities the person may reach (roles.predicates.can_address).
        self.fields["community"].queryset = addressable_communities(user)
