from wagtail.admin.forms import WagtailAdminPageForm


class NewsPageForm(WagtailAdminPageForm):
    """A news page belongs to the direction whose section it is written in.

    The direction is not a field an editor chooses: it follows from where
    the page lives, which page permissions already restrict.
    """

    def clean(self):
        cleaned_data = super().clean()
        section = self.parent_page.specific if self.parent_page else None
        if section is None and self.instance.pk:
            section = self.instance.get_parent().specific
        direction_id = getattr(section, "direction_id", None)
        if direction_id:
            self.instance.direction_id = direction_id
        return cleaned_data

