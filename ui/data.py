"""Cached reading and coding, keyed by file content so a repeat upload is instant."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import pandas as pd
import streamlit as st

from analysis.codebook import Codebook, load_codebook
from analysis.pipeline import tag_answers
from surveys import Survey, load_survey
from surveys.demo import DEMO_FILES


def digest(data: bytes) -> str:
    """Content hash of an uploaded file."""
    return hashlib.sha256(data).hexdigest()


@st.cache_data(show_spinner=False, max_entries=16)
def read_survey(content_hash: str, name: str, sheet: str | None, _data: bytes) -> Survey:
    """An uploaded file read into a Survey (cached by content hash, not by the bytes)."""
    return load_survey(_data, name=name, sheet=sheet)


@st.cache_data(show_spinner=False, max_entries=4)
def read_demo(name: str) -> Survey:
    """A built-in demo survey."""
    return load_survey(DEMO_FILES[name])


@st.cache_resource(show_spinner=False)
def codebook(packs: tuple[str, ...]) -> Codebook:
    """The default codebook with the chosen industry packs."""
    return load_codebook(packs=packs)


@st.cache_data(show_spinner=False, max_entries=16)
def coded_rows(content_hash: str, text_col: str, codebook_id: str, _frame: pd.DataFrame, _codebook: Codebook,
               _progress: Callable[[float], None] | None = None) -> pd.DataFrame:
    """The survey's rows with tags and evidence (cached by content, column and codebook)."""
    return tag_answers(_frame, text_col, _codebook, _progress)
