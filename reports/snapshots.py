"""Saved reports: a snapshot of coded rows, codebook and view, stored through SQLAlchemy.

SQLite file by default, or the database URL in CHURNLENS_DB (PostgreSQL for a team server).
A snapshot is found by an unguessable token; a separate delete secret, stored only hashed,
revokes it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import io
import json
import os
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from analysis.codebook import Codebook, Cues, Reason

SCHEMA_VERSION = 1
DEFAULT_DB = Path(__file__).resolve().parent.parent / "data" / "churnlens.sqlite"
TOKEN_BYTES = 24  # 192 bits: the token alone grants read access, so it must be unguessable

metadata = sa.MetaData()
schema_version = sa.Table(
    "churnlens_schema", metadata,
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
)
reports = sa.Table(
    "churnlens_reports", metadata,
    sa.Column("token", sa.String(64), primary_key=True),
    sa.Column("delete_hash", sa.String(64), nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("rows", sa.LargeBinary, nullable=False),
    sa.Column("codebook", sa.Text, nullable=False),
    sa.Column("settings", sa.Text, nullable=False),
)


@dataclass
class Snapshot:
    """What a saved report holds: coded rows, the codebook used, the view, a title."""

    title: str
    rows: pd.DataFrame
    codebook: Codebook
    text_col: str
    segment_columns: list[str]
    weight_columns: list[str] = field(default_factory=list)
    view: dict = field(default_factory=dict)
    source: str = ""
    created_at: datetime | None = None
    expires_at: datetime | None = None
    token: str = ""


@dataclass(frozen=True)
class Saved:
    """The two secrets handed to the creator once: the link token and the delete secret."""

    token: str
    delete_secret: str


def database_url() -> str:
    """CHURNLENS_DB if set, else the SQLite file under ./data."""
    return os.environ.get("CHURNLENS_DB") or f"sqlite:///{DEFAULT_DB}"


def rows_to_bytes(rows: pd.DataFrame) -> bytes:
    """The rows as zstd-compressed Parquet, so types (IDs with leading zeros, numbers) survive."""
    frame = rows.copy()
    frame.columns = [str(c) for c in frame.columns]
    for column in frame.columns:
        if frame[column].dtype == object and frame[column].map(type).nunique() > 1:
            # Parquet needs one type per column; mixed answers (text and numbers) become text.
            frame[column] = frame[column].map(lambda v: v if pd.isna(v) else str(v))
    buffer = io.BytesIO()
    frame.to_parquet(buffer, compression="zstd", index=True)
    return buffer.getvalue()


def rows_from_bytes(data: bytes) -> pd.DataFrame:
    """Rows stored by rows_to_bytes."""
    return pd.read_parquet(io.BytesIO(data))


def codebook_to_json(codebook: Codebook) -> str:
    """The codebook as JSON, every word list included."""
    return json.dumps(dataclasses.asdict(codebook), ensure_ascii=False)


def codebook_from_json(text: str) -> Codebook:
    """A codebook stored by codebook_to_json."""
    data = json.loads(text)

    def frozen(cls, values: dict):
        return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in values.items()})

    return Codebook(reasons=tuple(frozen(Reason, r) for r in data["reasons"]),
                    cues=frozen(Cues, data["cues"]), packs=tuple(data["packs"]))


def _hash(secret: str) -> str:
    """SHA-256 of a delete secret (random and long, so no slow hash is needed)."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite gives back naive datetimes; everything stored is UTC."""
    return moment.replace(tzinfo=UTC) if moment is not None and moment.tzinfo is None else moment


class SnapshotStore:
    """Saved reports in one database; the schema is created and versioned on first use."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url or database_url()
        if self.url.startswith("sqlite:///"):
            Path(self.url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self.engine = sa.create_engine(self.url, pool_pre_ping=True)
        self._ready = False

    def _schema(self) -> None:
        """Create the tables and record the schema version, once per process."""
        if self._ready:
            return
        metadata.create_all(self.engine)
        with self.engine.begin() as connection:
            found = connection.execute(sa.select(sa.func.max(schema_version.c.version))).scalar()
            if found is None:
                connection.execute(schema_version.insert().values(version=SCHEMA_VERSION, applied_at=datetime.now(UTC)))
            elif found > SCHEMA_VERSION:
                raise RuntimeError(f"the report database has schema {found}, newer than this ChurnLens ({SCHEMA_VERSION})")
        self._ready = True

    def version(self) -> int:
        """The schema version recorded in the database."""
        self._schema()
        with self.engine.connect() as connection:
            return connection.execute(sa.select(sa.func.max(schema_version.c.version))).scalar()

    def save(self, snapshot: Snapshot, expires_days: int | None = None) -> Saved:
        """Store the snapshot; return its token and the delete secret (shown to the creator once)."""
        self._schema()
        saved = Saved(secrets.token_urlsafe(TOKEN_BYTES), secrets.token_urlsafe(TOKEN_BYTES))
        now = datetime.now(UTC)
        settings = {"text_col": snapshot.text_col, "segment_columns": snapshot.segment_columns,
                    "weight_columns": snapshot.weight_columns, "view": snapshot.view}
        with self.engine.begin() as connection:
            # Expired reports leave the database when anyone next saves, not only when opened.
            connection.execute(reports.delete().where(reports.c.expires_at <= now))
            connection.execute(reports.insert().values(
                token=saved.token, delete_hash=_hash(saved.delete_secret), title=snapshot.title,
                created_at=now, expires_at=now + timedelta(days=expires_days) if expires_days else None,
                source=snapshot.source, rows=rows_to_bytes(snapshot.rows),
                codebook=codebook_to_json(snapshot.codebook), settings=json.dumps(settings, ensure_ascii=False),
            ))
        return saved

    def load(self, token: str) -> Snapshot | None:
        """The snapshot behind a token; None when unknown, revoked or expired."""
        self._schema()
        with self.engine.connect() as connection:
            row = connection.execute(sa.select(reports).where(reports.c.token == token)).mappings().first()
        if row is None:
            return None
        expires_at = _aware(row["expires_at"])
        if expires_at is not None and expires_at <= datetime.now(UTC):
            return None
        settings = json.loads(row["settings"])
        return Snapshot(
            title=row["title"], rows=rows_from_bytes(row["rows"]), codebook=codebook_from_json(row["codebook"]),
            text_col=settings["text_col"], segment_columns=settings["segment_columns"],
            weight_columns=settings["weight_columns"], view=settings["view"],
            source=row["source"], created_at=_aware(row["created_at"]), expires_at=expires_at, token=row["token"],
        )

    def revoke(self, token: str, delete_secret: str) -> bool:
        """Delete the report if the secret matches; True when it was deleted."""
        self._schema()
        with self.engine.begin() as connection:
            stored = connection.execute(sa.select(reports.c.delete_hash).where(reports.c.token == token)).scalar()
            if stored is None or not hmac.compare_digest(stored, _hash(delete_secret)):
                return False
            connection.execute(reports.delete().where(reports.c.token == token))
        return True
