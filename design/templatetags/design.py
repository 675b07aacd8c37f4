"""{% load design %}: the design system's template tags (docs/design.md).

- `{% icon "bell" %}`: an inline, decorative icon (design/icons.py);
- `{% pattern theme item %}`: the generated picture of a card without one
  (design/patterns.py);
- `{{ community|theme_of }}`: the first theme of a community whose themes
  were prefetched, else its direction's name, never a query;
- `{{ form|error_summary_items }}`: the (anchor, label, message) of each
  error of a bound form, for the error summary.
"""

from django import template

from design import icons, patterns

register = template.Library()


@register.simple_tag
def icon(name, size=24, css_class=""):
    return icons.icon(name, size=size, css_class=css_class)


@register.simple_tag
def pattern(theme, item, motif=None):
    return patterns.pattern_svg(str(theme or ""), str(item or ""), motif=motif or None)


@register.filter
def make_list_of_words(text: str) -> list[str]:
    """"a b c" -> ["a", "b", "c"] (the style guide's lists of names)."""
    return str(text).split()


@register.filter
def cycle_item(items, index):
    """items[index % len(items)]."""
    items = list(items)
    return items[int(index) % len(items)] if items else ""


@register.filter
def theme_of(community) -> str:
    """A word that says what the community is about, read without a query."""
    if community is None:
        return ""
    prefetched = getattr(community, "_prefetched_objects_cache", {}).get("themes")
    if prefetched:
        return prefetched[0].name
    state = getattr(community, "_state", None)
    if state is not None and state.fields_cache.get("direction") is not None:
        return state.fields_cache["direction"].name
    return getattr(community, "name", "")


@register.filter
def error_summary_items(form):
    """Each error of a bound form, in the order of its fields: (href, label, message)."""
    items = []
    if form is None or not getattr(form, "errors", None):
        return items
    for error in form.non_field_errors():
        items.append(("", "", error))
    for field in form.visible_fields():
        for error in field.errors:
            # A group of choices: its first radio button or checkbox.
            anchor = field.id_for_label or (
                field.subwidgets[0].id_for_label if field.use_fieldset and field.subwidgets else ""
            ) or field.auto_id
            items.append((f"#{anchor}" if anchor else "", field.label, error))
    for field in form.hidden_fields():
        for error in field.errors:
            items.append(("", field.label, error))
    return items
