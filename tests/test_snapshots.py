"""Saved reports in a real database: a SQLite file and a real PostgreSQL server on loopback."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest
import sqlalchemy as sa

from conftest import DATA
from postgres_server import NoServer, postgres_server
from reports.content import ReportContext, overall_pareto
from reports.snapshots import SCHEMA_VERSION, Snapshot, SnapshotStore, reports
from surveys import load_survey


@pytest.fixture(scope="session")
def postgres_url():
    try:
        with postgres_server() as url:
            yield url
    except NoServer as reason:
        pytest.skip(f"no PostgreSQL server could be started: {reason}")


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    if request.param == "sqlite":
        yield SnapshotStore(f"sqlite:///{tmp_path / 'reports.sqlite'}")
        return
    url = request.getfixturevalue("postgres_url")
    # Each test gets its own database on the shared server, created and dropped here.
    name = f"t_{secrets.token_hex(6)}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f"CREATE DATABASE {name}"))
    store = SnapshotStore(url.rsplit("/", 1)[0] + f"/{name}")
    yield store
    store.engine.dispose()
    with admin.connect() as connection:
        connection.execute(sa.text(f"DROP DATABASE {name} WITH (FORCE)"))
    admin.dispose()


@pytest.fixture(scope="module")
def snapshot(test_codebook):
    from analysis.pipeline import tag_answers

    survey = load_survey(DATA / "survey_utf8.csv")
    coded = tag_answers(survey.frame, "流失原因", test_codebook, learned=False)
    coded.loc[coded.index[0], "流失原因"] = '=HYPERLINK("http://evil.example","点我")'
    view = {"filters": {"区域": ["城区"]}, "base": "mentions", "weight": "年消费金额"}
    return Snapshot("华东 Q3 <流失>", coded, test_codebook, "流失原因", survey.segment_columns, ["年消费金额"],
                    view, survey.source)


def test_saved_report_comes_back_with_the_same_rows_codebook_and_view(store, snapshot):
    saved = store.save(snapshot)
    loaded = store.load(saved.token)
    assert loaded.title == "华东 Q3 <流失>"
    pd.testing.assert_frame_equal(loaded.rows, snapshot.rows, check_dtype=False)  # object may come back as str
    assert loaded.rows["客户编号"].iloc[0] == "000101"  # IDs keep their leading zeros
    assert loaded.codebook == snapshot.codebook
    assert loaded.codebook.fingerprint() == snapshot.codebook.fingerprint()
    assert loaded.view == snapshot.view
    assert (loaded.text_col, loaded.segment_columns, loaded.weight_columns) == ("流失原因", ["区域", "会员等级"], ["年消费金额"])
    assert abs(loaded.created_at - datetime.now(UTC)) < timedelta(minutes=5)
    assert loaded.expires_at is None

    def pareto(s):
        return overall_pareto(ReportContext(s.rows, s.text_col, s.codebook, s.segment_columns, s.view))

    pd.testing.assert_frame_equal(pareto(loaded), pareto(snapshot))


def test_tokens_are_long_random_and_the_delete_secret_is_stored_hashed(store, snapshot):
    first, second = store.save(snapshot), store.save(snapshot)
    assert first.token != second.token and len(first.token) >= 32  # ≥ 192 bits of urlsafe base64
    assert first.delete_secret != first.token
    with store.engine.connect() as connection:
        stored = connection.execute(sa.select(reports.c.delete_hash).where(reports.c.token == first.token)).scalar()
    assert first.delete_secret not in stored and len(stored) == 64


def test_unknown_token_and_revoked_report_are_not_found(store, snapshot):
    assert store.load("no-such-token") is None
    saved = store.save(snapshot)
    assert not store.revoke(saved.token, "wrong secret")
    assert store.load(saved.token) is not None
    assert store.revoke(saved.token, saved.delete_secret)
    assert store.load(saved.token) is None
    assert not store.revoke(saved.token, saved.delete_secret)


def test_expired_report_is_not_found_and_is_purged_on_the_next_save(store, snapshot):
    saved = store.save(snapshot, expires_days=7)
    assert store.load(saved.token).expires_at - datetime.now(UTC) > timedelta(days=6)
    with store.engine.begin() as connection:
        connection.execute(reports.update().where(reports.c.token == saved.token)
                           .values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    assert store.load(saved.token) is None
    store.save(snapshot)
    with store.engine.connect() as connection:
        assert connection.execute(sa.select(sa.func.count()).where(reports.c.token == saved.token)).scalar() == 0


def test_schema_is_created_on_first_use_and_versioned(store, snapshot):
    assert not sa.inspect(store.engine).has_table("churnlens_reports")
    assert store.version() == SCHEMA_VERSION
    assert {"churnlens_reports", "churnlens_schema"} <= set(sa.inspect(store.engine).get_table_names())
    again = SnapshotStore(store.url)  # a second process on the same database keeps one version row
    again.save(snapshot)
    with again.engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM churnlens_schema")).scalar() == 1
    again.engine.dispose()


def test_a_database_newer_than_the_code_is_refused(store):
    store.version()
    with store.engine.begin() as connection:
        connection.execute(sa.text("INSERT INTO churnlens_schema (version, applied_at) VALUES (:v, :t)"),
                           {"v": SCHEMA_VERSION + 1, "t": datetime.now(UTC)})
    with pytest.raises(RuntimeError, match="newer"):
        SnapshotStore(store.url).load("x")


def test_default_database_is_a_sqlite_file_under_data_unless_churnlens_db_is_set(monkeypatch):
    from reports.snapshots import database_url

    monkeypatch.delenv("CHURNLENS_DB", raising=False)
    assert database_url().startswith("sqlite:///") and database_url().endswith("/data/churnlens.sqlite")
    monkeypatch.setenv("CHURNLENS_DB", "postgresql+psycopg://team@db.internal/churnlens")
    assert database_url() == "postgresql+psycopg://team@db.internal/churnlens"
