"""Quality of the organisation duplicate detector on labelled name pairs.

Prints precision, recall and F1 per threshold on the development set (the threshold was chosen
on it) and on the held-out set (written after the threshold was fixed).

Run: .venv/bin/python bench/organisation_duplicates.py
"""

from __future__ import annotations

import runpy

if __name__ == "__main__":
    runpy.run_module("partnerhub.organisations.names_evaluation", run_name="__main__")
