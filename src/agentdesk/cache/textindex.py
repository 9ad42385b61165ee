"""How text becomes full-text index tokens, for the cache's FTS5 table and for queries alike.

FTS5's ``unicode61`` tokenizer finds English words but treats a run of Japanese text (no spaces) as one
token, so a word inside a sentence is never found. Before indexing, every run of CJK characters (kana, kanji,
hangul) is rewritten as its overlapping two-character pieces — ``請求書を送付`` becomes
``請求 求書 書を を送 送付`` — and a query term is rewritten the same way and searched as a phrase: any term of
two characters or more is then found exactly where it occurs in a sentence, and a term that differs by a
single character (a near miss) is not. One-character terms are answered from the text itself (see
``agentdesk.cache.search``). Text is NFKC-normalised first, so full-width ``ＡＢＣ１２３`` and half-width
katakana match their usual forms. One index serves both languages, so ranking (bm25), column filters,
phrases, OR and NOT all work in one FTS5 expression.
"""

from __future__ import annotations

import re
import unicodedata

_CJK_CLASS = (
    "\u3005-\u3007"  # 々 〆 〇
    "\u3040-\u309f"  # hiragana
    "\u30a0-\u30ff"  # katakana (with ー)
    "\u31f0-\u31ff"  # katakana phonetic extensions
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uac00-\ud7af"  # hangul syllables
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\U00020000-\U0003134f"  # CJK extensions B–G
)
_CJK_RUN = re.compile(f"[{_CJK_CLASS}]+")
_HAS_CJK = re.compile(f"[{_CJK_CLASS}]")
_WORD = re.compile(r"[^\W_]")


def normalise(text: str) -> str:
    """NFKC: full-width letters and digits, half-width katakana and the like in their usual forms."""
    return unicodedata.normalize("NFKC", text)


def has_cjk(text: str) -> bool:
    return _HAS_CJK.search(text) is not None


def is_cjk_run(text: str) -> bool:
    """Whether ``text`` is entirely CJK characters."""
    return _CJK_RUN.fullmatch(text) is not None


def _bigrams(match: re.Match[str]) -> str:
    run = match.group(0)
    if len(run) == 1:
        return f" {run} "
    return " " + " ".join(run[i : i + 2] for i in range(len(run) - 1)) + " "


def index_text(text: str) -> str:
    """The text as the FTS5 table receives it: normalised, CJK runs split into overlapping pairs."""
    if not text:
        return ""
    text = normalise(text)
    if not has_cjk(text):
        return text
    return _CJK_RUN.sub(_bigrams, text)


def fts_phrase(text: str) -> str | None:
    """An FTS5 phrase string matching ``text`` (rewritten as :func:`index_text`); None when it has no word.

    FTS5 splits the string with the table's own tokenizer, so the phrase matches exactly the token sequence
    that the same text produces in the index.
    """
    rewritten = index_text(text)
    if _WORD.search(rewritten) is None:
        return None
    return '"' + rewritten.replace('"', '""') + '"'
