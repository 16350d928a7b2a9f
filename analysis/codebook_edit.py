"""Editing a codebook: add a reason, change its words, and write it back as lexicons TOML files."""

from __future__ import annotations

import io
import json
import re
import tempfile
import zipfile
from dataclasses import fields, replace
from pathlib import Path, PurePosixPath

from analysis.codebook import OTHER, REASON_ORDER, Codebook, CodebookError, Reason, load_codebook

WORD_KINDS = ("signals", "aspects", "praise")
MAX_ZIP_BYTES = 5_000_000
_ID = re.compile(r"[a-z][a-z0-9_]*")


class EditError(CodebookError):
    """An edit that cannot be made, in both languages (the app shows the user's)."""

    def __init__(self, en: str, zh: str) -> None:
        super().__init__(en)
        self.en, self.zh = en, zh

    def message(self, lang: str) -> str:
        """The sentence in 'zh' or 'en'."""
        return self.zh if lang == "zh" else self.en


def clean_words(words: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Words as the codebook stores them: stripped, lower-case, no blanks, no repeats."""
    return tuple(dict.fromkeys(w.strip().lower() for w in words if isinstance(w, str) and w.strip()))


def split_words(text: str) -> tuple[str, ...]:
    """Words typed in one box, separated by spaces, commas or 、."""
    return clean_words(re.split(r"[\s,，、;；]+", text or ""))


def suggest_id(codebook: Codebook, name_en: str = "") -> str:
    """A free reason id: the English name in snake case, else theme_N."""
    base = re.sub(r"[^a-z0-9]+", "_", name_en.lower()).strip("_")
    if _ID.fullmatch(base) and base not in codebook.ids:
        return base
    base = base if _ID.fullmatch(base) else "theme"
    n = 1
    while f"{base}_{n}" in codebook.ids:
        n += 1
    return f"{base}_{n}"


def _in_codebook_order(reasons: list[Reason]) -> tuple[Reason, ...]:
    """Reasons in the order load_codebook gives them: the standard ones, the rest by id, `other` last."""
    rank = {rid: i for i, rid in enumerate(REASON_ORDER)}
    return tuple(sorted(reasons, key=lambda r: (r.id == OTHER, rank.get(r.id, len(rank)), r.id)))


def add_reason(codebook: Codebook, reason_id: str, name_zh: str, name_en: str = "",
               signals: tuple[str, ...] = (), controllable: bool = False) -> Codebook:
    """The codebook with one more reason, signalled by the given words."""
    if not _ID.fullmatch(reason_id or ""):
        raise EditError(f"Reason id {reason_id!r} must be lower-case ASCII such as \"points\".",
                        f"原因代码 {reason_id!r} 只能用小写英文字母、数字和下划线，如 points。")
    if reason_id in codebook.ids:
        raise EditError(f"Reason id {reason_id!r} already exists.", f"原因代码 {reason_id!r} 已存在。")
    if not name_zh.strip():
        raise EditError("A new reason needs a name.", "新原因需要一个名称。")
    words = clean_words(signals)
    if not words:
        raise EditError("A new reason needs at least one signal word.", "新原因至少需要一个信号词。")
    reason = Reason(id=reason_id, name_zh=name_zh.strip(), name_en=(name_en or name_zh).strip(),
                    controllable=controllable, signals=words)
    return replace(codebook, reasons=_in_codebook_order([*codebook.reasons, reason]))


def set_words(codebook: Codebook, reason_id: str, kind: str, words: list[str] | tuple[str, ...]) -> Codebook:
    """The codebook with one word list of one reason replaced."""
    if kind not in WORD_KINDS:
        raise EditError(f"Unknown word list {kind!r}; use one of {', '.join(WORD_KINDS)}.",
                        f"没有词表 {kind!r}；可用：{'、'.join(WORD_KINDS)}。")
    if reason_id == OTHER and clean_words(words):
        raise EditError("'other' has no words: it is what remains when no reason fires.",
                        "“其他”没有词：它表示没有任何原因被触发。")
    codebook.reason(reason_id)
    reasons = tuple(replace(r, **{kind: clean_words(words)}) if r.id == reason_id else r for r in codebook.reasons)
    return replace(codebook, reasons=reasons)


def add_words(codebook: Codebook, reason_id: str, words: list[str] | tuple[str, ...],
              kind: str = "signals") -> Codebook:
    """The codebook with words appended to one list of one reason (repeats ignored)."""
    current = getattr(codebook.reason(reason_id), kind)
    return set_words(codebook, reason_id, kind, current + tuple(words))


def remove_words(codebook: Codebook, reason_id: str, words: list[str] | tuple[str, ...],
                 kind: str = "signals") -> Codebook:
    """The codebook without the given words in one list of one reason."""
    gone = set(clean_words(words))
    current = getattr(codebook.reason(reason_id), kind)
    return set_words(codebook, reason_id, kind, [w for w in current if w not in gone])


def _toml_value(value: object) -> str:
    """A TOML literal for a string, bool or list of strings (JSON strings are valid TOML strings)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        return "[\n" + "".join(f"  {json.dumps(v, ensure_ascii=False)},\n" for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def reason_toml(reason: Reason) -> str:
    """One reason in the lexicons/codebook/<id>.toml format."""
    return "".join(f"{f.name} = {_toml_value(getattr(reason, f.name))}\n" for f in fields(Reason))


def cues_toml(codebook: Codebook) -> str:
    """The cross-reason cues in the lexicons/cues.toml format."""
    return "".join(f"{f.name} = {_toml_value(getattr(codebook.cues, f.name))}\n" for f in fields(codebook.cues))


def codebook_zip(codebook: Codebook) -> bytes:
    """The codebook as a zip of codebook/<id>.toml and cues.toml (industry pack words included)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for reason in codebook.reasons:
            archive.writestr(f"codebook/{reason.id}.toml", reason_toml(reason))
        archive.writestr("cues.toml", cues_toml(codebook))
    return buffer.getvalue()


def codebook_from_zip(data: bytes) -> Codebook:
    """A codebook from a zip of reason TOML files (as codebook_zip writes, or a lexicons folder)."""
    if len(data) > MAX_ZIP_BYTES:
        raise EditError("The codebook zip is larger than 5 MB; it should hold only small TOML files.",
                        "编码本 zip 超过 5 MB；它应只包含几个小的 TOML 文件。")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise EditError("This is not a zip file; download the codebook first and upload that zip.",
                        "这不是 zip 文件；请先下载编码本，再上传该 zip。") from None
    with archive, tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "codebook").mkdir()
        for info in archive.infolist():
            path = PurePosixPath(info.filename)
            if info.is_dir() or path.suffix != ".toml" or info.file_size > MAX_ZIP_BYTES:
                continue
            # only the file name is used, so an entry cannot write outside the folder
            target = root / "cues.toml" if path.name == "cues.toml" else root / "codebook" / path.name
            target.write_bytes(archive.read(info))
        return load_codebook(root)


def flattened(codebook: Codebook) -> Codebook:
    """The codebook as its files would hold it: industry pack words merged, no packs named."""
    return replace(codebook, packs=())
