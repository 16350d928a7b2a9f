"""The manager's tabs under the Pareto: segments, trends, co-occurrence, churn rate, action plan."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.codebook import Codebook
from surveys import Survey
from ui.breakdown_view import cooccurrence_view, segments_view
from ui.i18n import t
from ui.trends_view import actions_view, churn_view, trends_view


def manager_tabs(coded: pd.DataFrame, survey: Survey, text_col: str, codebook: Codebook, lang: str,
                 pareto: pd.DataFrame) -> None:
    """One tab per manager view, on the rows the sidebar filters kept; only the open tab is computed."""
    views = {
        "segments": lambda: segments_view(coded, survey, text_col, codebook, lang),
        "trends": lambda: trends_view(coded, survey, codebook, lang),
        "cooccurrence": lambda: cooccurrence_view(coded, codebook, lang),
        "churn": lambda: churn_view(coded, survey, codebook, lang),
        "actions": lambda: actions_view(pareto, codebook, lang),
    }
    tabs = st.tabs([t(f"breakdown_tab_{key}", lang) for key in views], key=f"manager_tab:{lang}", on_change="rerun")
    for tab, view in zip(tabs, views.values()):
        if tab.open:
            with tab:
                view()
