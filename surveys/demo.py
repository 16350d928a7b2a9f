"""The demo data sets that ship with the app."""

from __future__ import annotations

from pathlib import Path

from surveys.load import Survey, load_survey

SAMPLES = Path(__file__).resolve().parent / "samples"
DEMO_FILES = {"auto": SAMPLES / "auto_aftersales.csv", "telecom": SAMPLES / "telecom_tickets.csv"}
DEMO_PACKS = {"auto": ("auto",), "telecom": ("telecom",)}


def load_demo(name: str) -> Survey:
    """One of the built-in demo surveys by name ('auto' or 'telecom')."""
    return load_survey(DEMO_FILES[name])
