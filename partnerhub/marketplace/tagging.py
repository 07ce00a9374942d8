"""SDG suggestions for a listing's text, as plain dictionaries the models store and the
pages and API show. The tagger itself (partnerhub.sdg_tagger) knows nothing of Django."""

from __future__ import annotations

from typing import Any

from partnerhub.sdg_tagger import default_tagger


def suggest_sdgs(text: str) -> list[dict[str, Any]]:
    return [
        {
            "goal": s.goal,
            "score": round(float(s.score), 3),
            "evidence": list(s.evidence),
            "targets": [
                {"code": t.code, "score": round(float(t.score), 3), "evidence": list(t.evidence)}
                for t in s.targets
            ],
        }
        for s in default_tagger().suggest(text)
    ]
