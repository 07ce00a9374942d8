"""SDG tagging of needs, offers and partnership descriptions (plain Python, no Django).

tagger = default_tagger()
tagger.suggest("Marine plastic pollution and overfishing")  # [SdgSuggestion(goal=14, ...)]
"""

from __future__ import annotations

from partnerhub.sdg_tagger.tagger import (
    SdgSuggestion,
    SdgTagger,
    TargetSuggestion,
    default_tagger,
    load_tagger,
)

__all__ = ["SdgSuggestion", "SdgTagger", "TargetSuggestion", "default_tagger", "load_tagger"]
