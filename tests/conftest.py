"""Shared paths and fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
APP = ROOT / "app.py"


@pytest.fixture(scope="session")
def test_codebook():
    """The small codebook under tests/data/codebook (stable while the default one grows)."""
    from analysis.codebook import load_codebook

    return load_codebook(DATA / "codebook")


@pytest.fixture(scope="session")
def default_codebook():
    """The codebook that ships in lexicons/."""
    from analysis.codebook import load_codebook

    return load_codebook()


@pytest.fixture(scope="session")
def trained_classifier():
    """The scikit-learn classifier scripts/train_reasons.py fits on training/examples (about 90 s, once per run)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("train_reasons", ROOT / "scripts" / "train_reasons.py")
    train = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(train)
    return train.build_model()


@pytest.fixture()
def fresh_app_caches():
    """Streamlit's caches outlive an AppTest run in one process: each app test starts and ends with them empty."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def new_app(**session):
    """The real app under AppTest (with a timeout CI can meet) and this session state, not yet run."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=120)
    for key, value in session.items():
        at.session_state[key] = value
    return at


def started_app(**session):
    """The app run once with this session state; an exception fails the test."""
    at = new_app(**session)
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can print logs on failure."""
    outcome = yield
    setattr(item, f"rep_{call.when}", outcome.get_result())


@pytest.fixture(scope="session", autouse=True)
def browser_patience():
    """Playwright's expect waits up to 90 s, not 5: a cold app first codes the 900-row demo, slow on a busy machine."""
    try:
        from playwright.sync_api import expect
    except ImportError:
        yield
        return
    expect.set_options(timeout=90_000)
    yield


def shown_pareto(at):
    """The Pareto table the app shows beside its chart (other tables may come first on the page)."""
    for frame in at.dataframe:
        table = frame.value
        if {"关键少数", "Vital few"} & set(map(str, table.columns)):
            return table
    raise AssertionError("the page shows no Pareto table")
