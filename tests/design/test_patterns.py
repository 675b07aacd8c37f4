"""The pictures of cards without one: the same every time, the theme's colours."""

import xml.etree.ElementTree as ET

from design import patterns


def test_the_same_item_gets_the_same_picture_and_another_item_may_not():
    first = patterns.pattern_svg("biodiversité", "biodiversite")
    assert first == patterns.pattern_svg("biodiversité", "biodiversite")
    drawn = {patterns.pattern_svg("biodiversité", f"item-{n}") for n in range(8)}
    assert len(drawn) > 1


def test_a_theme_word_chooses_the_palette():
    assert patterns.palette_for("Zones humides") == "water"
    assert patterns.palette_for("Biodiversité") == "forest"
    assert patterns.palette_for("Alimentation durable") == "harvest"
    assert patterns.palette_for("Citoyenneté active") == "civic"
    assert patterns.palette_for("anything else") in patterns.PALETTES


def test_every_motif_is_well_formed_svg_hidden_from_screen_readers():
    for motif in patterns.MOTIFS:
        root = ET.fromstring(patterns.pattern_svg("eau", "x", motif=motif))
        assert root.get("aria-hidden") == "true"
        assert root.get("viewBox") == "0 0 640 360"
