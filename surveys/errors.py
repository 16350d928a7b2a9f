"""The one error a reader raises: a sentence for the user, in Chinese and English."""

from __future__ import annotations


class SurveyError(ValueError):
    """A file ChurnLens cannot read, with one sentence saying what is wrong and what to do."""

    def __init__(self, en: str, zh: str) -> None:
        super().__init__(en)
        self.en = en
        self.zh = zh

    def message(self, lang: str = "zh") -> str:
        """The sentence in the user's language ('zh' or 'en')."""
        return self.zh if lang == "zh" else self.en
