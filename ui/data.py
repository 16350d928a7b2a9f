"""Cached reading and coding, keyed by file content so a repeat upload is instant."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable

import pandas as pd
import streamlit as st

from analysis.choices import tag_with_choices
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


class CodedStore:
    """Coded results shared by all sessions, newest kept, keyed by content, column and codebook.

    Not st.cache_data: coding reports progress to a bar on the page, which a cached
    function may not touch.
    """

    def __init__(self, capacity: int = 16) -> None:
        self.capacity = capacity
        self._items: OrderedDict[tuple[str, str, str], pd.DataFrame] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str, str]) -> pd.DataFrame | None:
        """The coded rows for key, if coded before."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
            return self._items.get(key)

    def put(self, key: tuple[str, str, str], coded: pd.DataFrame) -> None:
        """Keep coded rows, dropping the oldest beyond capacity."""
        with self._lock:
            self._items[key] = coded
            while len(self._items) > self.capacity:
                self._items.popitem(last=False)


@st.cache_resource(show_spinner=False)
def coded_store() -> CodedStore:
    """The process-wide store of coded results."""
    return CodedStore()


def coded_rows(content_hash: str, text_col: str, frame: pd.DataFrame, book: Codebook,
               progress: Callable[[float], None] | None = None, choice_cols: tuple[str, ...] = ()) -> pd.DataFrame:
    """The survey's rows with tags and evidence (plus ticked reason questions); a repeat is instant."""
    key = (content_hash, "|".join([text_col, *choice_cols]), book.fingerprint())
    coded = coded_store().get(key)
    if coded is None:
        coded = (tag_with_choices(frame, [text_col], choice_cols, book, progress) if choice_cols
                 else tag_answers(frame, text_col, book, progress))
        coded_store().put(key, coded)
    return coded
