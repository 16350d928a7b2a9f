"""The codebook: reasons, their words and the cross-reason cues, read from lexicons/."""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

LEXICONS = Path(__file__).resolve().parent.parent / "lexicons"
REASON_ORDER = ("price", "service", "quality", "distance", "competitor", "other")
WORD_LISTS = ("signals", "aspects", "praise", "patterns", "praise_patterns", "void_patterns", "rival_patterns")
PATTERN_LISTS = ("patterns", "praise_patterns", "void_patterns", "rival_patterns")
OTHER = "other"


class CodebookError(ValueError):
    """A codebook file that cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class Reason:
    """One reason for leaving, with the words that signal it."""

    id: str
    name_zh: str
    name_en: str
    controllable: bool = False
    description_zh: str = ""
    description_en: str = ""
    signals: tuple[str, ...] = ()
    aspects: tuple[str, ...] = ()
    praise: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    praise_patterns: tuple[str, ...] = ()
    void_patterns: tuple[str, ...] = ()
    rival_patterns: tuple[str, ...] = ()
    countermeasures: tuple[str, ...] = ()

    def name(self, lang: str = "zh") -> str:
        """The display name in the given language ('zh' or 'en')."""
        return self.name_zh if lang == "zh" else self.name_en


@dataclass(frozen=True)
class Cues:
    """Words that work across reasons: negation, contrast, degree, complaint, praise."""

    negators: tuple[str, ...] = ()
    denials: tuple[str, ...] = ()
    waivers: tuple[str, ...] = ()
    contrast: tuple[str, ...] = ()
    degree: tuple[str, ...] = ()
    complaints: tuple[str, ...] = ()
    wishes: tuple[str, ...] = ()
    praise: tuple[str, ...] = ()
    whole_words: tuple[str, ...] = ()
    rival_words: tuple[str, ...] = ()
    not_rivals: tuple[str, ...] = ()
    past_words: tuple[str, ...] = ()
    rival_name_tags: tuple[str, ...] = ()
    non_answers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Codebook:
    """The reasons in display order plus the cues; hashable, so it can key caches."""

    reasons: tuple[Reason, ...]
    cues: Cues = field(default_factory=Cues)
    packs: tuple[str, ...] = ()

    @property
    def ids(self) -> tuple[str, ...]:
        """Reason ids in codebook order, `other` last."""
        return tuple(r.id for r in self.reasons)

    def reason(self, reason_id: str) -> Reason:
        """The reason with this id."""
        for reason in self.reasons:
            if reason.id == reason_id:
                return reason
        raise KeyError(reason_id)

    def names(self, lang: str = "zh") -> dict[str, str]:
        """Reason id → display name."""
        return {r.id: r.name(lang) for r in self.reasons}

    def fingerprint(self) -> str:
        """A short hash of everything that changes coding, recorded with every result."""
        return hashlib.sha256(repr(self).encode("utf-8")).hexdigest()[:12]


def reason_alternations(codebook: Codebook, attribute: str) -> dict[str, re.Pattern]:
    """Reason → one regex matching any of its patterns in the list `attribute` (reasons with none left out)."""
    return {reason.id: re.compile("|".join(f"(?:{p})" for p in getattr(reason, attribute)))
            for reason in codebook.reasons if getattr(reason, attribute)}


def _line_of(text: str, needle: str) -> int:
    """1-based line where needle first appears in text, 0 when it does not."""
    index = text.find(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else 0


def _read_toml(path: Path) -> tuple[dict, str]:
    """Parse a TOML file; a syntax error names the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise CodebookError(f"{path.name}: not UTF-8 text ({error.reason}); save it as UTF-8.") from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as error:
        raise CodebookError(f"{path.name}: {error}") from None


def _string_list(data: dict, key: str, path: Path, text: str) -> tuple[str, ...]:
    """A list of non-empty strings under key, or a CodebookError naming the line."""
    value = data.get(key, [])
    if not isinstance(value, list):
        raise CodebookError(f"{path.name}:{_line_of(text, key)}: '{key}' must be a list of strings.")
    items: list[str] = []
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise CodebookError(
                f"{path.name}:{_line_of(text, key)}: '{key}' holds {item!r}; every entry must be non-empty text."
            )
        if key in PATTERN_LISTS:
            try:
                re.compile(item)
            except re.error as error:
                raise CodebookError(
                    f"{path.name}:{_line_of(text, item)}: pattern {item!r} is not a valid regular expression ({error})."
                ) from None
        items.append(item.strip() if key in (*PATTERN_LISTS, "countermeasures") else item.strip().lower())
    return tuple(dict.fromkeys(items))


def read_reason(path: Path) -> Reason:
    """One reason file of lexicons/codebook/."""
    data, text = _read_toml(path)
    reason_id = data.get("id")
    if not isinstance(reason_id, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", reason_id):
        raise CodebookError(f"{path.name}:{_line_of(text, 'id')}: 'id' must be lower-case ASCII such as \"price\".")
    lists = {key: _string_list(data, key, path, text) for key in (*WORD_LISTS, "countermeasures")}
    return Reason(
        id=reason_id,
        name_zh=str(data.get("name_zh", reason_id)),
        name_en=str(data.get("name_en", reason_id)),
        controllable=bool(data.get("controllable", False)),
        description_zh=str(data.get("description_zh", "")),
        description_en=str(data.get("description_en", "")),
        **lists,
    )


def read_cues(path: Path) -> Cues:
    """The cross-reason cues file."""
    data, text = _read_toml(path)
    return Cues(**{f.name: _string_list(data, f.name, path, text) for f in fields(Cues)})


def _with_pack(reasons: list[Reason], path: Path) -> list[Reason]:
    """Reasons with an industry pack's words appended."""
    data, text = _read_toml(path)
    merged = []
    for reason in reasons:
        extra = data.get(reason.id, {})
        if not isinstance(extra, dict):
            raise CodebookError(f"{path.name}:{_line_of(text, reason.id)}: [{reason.id}] must be a table.")
        additions = {
            key: tuple(dict.fromkeys(getattr(reason, key) + _string_list(extra, key, path, text)))
            for key in WORD_LISTS
        }
        merged.append(replace(reason, **additions))
    return merged


def available_packs(directory: Path = LEXICONS) -> dict[str, str]:
    """Industry pack id → its Chinese and English name."""
    packs = {}
    for path in sorted((directory / "packs").glob("*.toml")):
        data, _ = _read_toml(path)
        packs[path.stem] = f"{data.get('name_zh', path.stem)} / {data.get('name_en', path.stem)}"
    return packs


def load_codebook(directory: Path | str = LEXICONS, packs: tuple[str, ...] | list[str] = ()) -> Codebook:
    """The codebook in a lexicons directory, with the named industry packs merged in."""
    directory = Path(directory)
    codebook_dir = directory / "codebook" if (directory / "codebook").is_dir() else directory
    files = sorted(codebook_dir.glob("*.toml"))
    if not files:
        raise CodebookError(f"{codebook_dir}: no reason files (*.toml) found.")
    reasons = [read_reason(path) for path in files]
    ids = [r.id for r in reasons]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise CodebookError(f"{codebook_dir}: reason id {duplicates[0]!r} is defined twice.")
    if OTHER not in ids:
        reasons.append(Reason(id=OTHER, name_zh="其他", name_en="Other"))
    rank = {rid: i for i, rid in enumerate(REASON_ORDER)}
    reasons.sort(key=lambda r: (r.id == OTHER, rank.get(r.id, len(rank)), r.id))
    for pack in packs:
        pack_path = LEXICONS / "packs" / f"{pack}.toml"
        if not pack_path.exists():
            raise CodebookError(f"Unknown industry pack {pack!r}; choose from {', '.join(available_packs())}.")
        reasons = _with_pack(reasons, pack_path)
    cues_path = directory / "cues.toml"
    cues = read_cues(cues_path if cues_path.exists() else LEXICONS / "cues.toml")
    return Codebook(reasons=tuple(reasons), cues=cues, packs=tuple(packs))
