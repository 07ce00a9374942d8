from __future__ import annotations

import pytest

from partnerhub.vocabularies.colours import contrast, readable_text_colour
from partnerhub.vocabularies.models import SDGGoal


def test_contrast_of_black_and_white_is_21():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#777777") == pytest.approx(1.0)


def test_readable_text_colour_picks_the_stronger_contrast():
    assert readable_text_colour("#FCC30B") == "#000"  # SDG 7 yellow
    assert readable_text_colour("#19486A") == "#fff"  # SDG 17 navy


def test_bad_colour_is_refused():
    with pytest.raises(ValueError, match="RRGGBB"):
        readable_text_colour("red")


@pytest.mark.django_db
def test_every_sdg_badge_reaches_wcag_aa():
    for goal in SDGGoal.objects.all():
        text = "#000000" if goal.text_colour == "#000" else "#ffffff"
        assert contrast(goal.colour, text) >= 4.5, goal.number
