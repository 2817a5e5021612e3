"""Split Chinese, English and mixed text into comparable units: technical terms and words.

Technical terms are folded to a compact form (ZeRO-3, zero 3 and Zero3 all become `zero3`) so
spelling variants of GRPO, KL, ZeRO-3 or NVLink match. Chinese runs are segmented with jieba.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from dataclasses import dataclass

import jieba

from bot.grading.glossary import fold_synonyms

# A Latin term: letters/digits joined by - _ . + (ZeRO-3, LLM.int8, W8A8, r_t, GPT-4V).
TERM_RE = re.compile(r"[a-z][a-z0-9]*(?:[-_.+][a-z0-9]+)*|\d+(?:\.\d+)?%?")
CJK_RUN_RE = re.compile(r"[\u3400-\u9fff]+")
CJK_CHAR_RE = re.compile(r"[\u3400-\u9fff]")
COMPACT_DROP_RE = re.compile(r"[^a-z0-9\u3400-\u9fff%]+")

# Words that carry no subject matter in either language.
STOP_ZH = frozenset(
    "的 了 是 在 和 与 及 或 也 都 就 而 但 把 被 让 给 对 从 到 为 以 用 于 这 那 其 之 个 些 着 过"
    " 一个 一些 这个 那个 这些 那些 什么 怎么 如何 为什么 为啥 可以 可能 需要 进行 通过 使用 就是"
    " 还是 而且 以及 因为 所以 如果 然后 还有 一般 比较 非常 没有 不是 主要 我们 你们 他们 它们"
    " 我 你 他 它 会 能 要 有 很 更 最 多 少 大 小 不 没 再 又 还 去 来 做 说 看 让 时 后 前 中 上 下"
    " 时候 方面 问题 情况 方式 方法 作用 区别 不同 什么样 具体 分别 这样 那样 其中 直接 实际 一下".split()
)
STOP_EN = frozenset(
    "a an the and or of to in on for with by from as at is are was were be been it its this that these"
    " those we you they i he she not no but so if then than into about what why how which when where"
    " can could should would will do does did have has had more most very also just only each per via"
    " use used using".split()
)

_init_lock = threading.Lock()
_tokenizer: jieba.Tokenizer | None = None


def segmenter() -> jieba.Tokenizer:
    """The shared jieba tokenizer, loaded once (about a second; callers do it off the event loop)."""
    global _tokenizer
    with _init_lock:
        if _tokenizer is None:
            jieba.setLogLevel(logging.WARNING)  # it prints its dictionary loading otherwise
            tokenizer = jieba.Tokenizer()
            tokenizer.initialize()
            _tokenizer = tokenizer
        return _tokenizer


def normalize(text: str) -> str:
    """NFKC (full-width to half-width), lower case, and one name per concept."""
    return fold_synonyms(unicodedata.normalize("NFKC", text).lower())


def compact(text: str) -> str:
    """Normalized text without spaces or punctuation, for substring matching of units."""
    return COMPACT_DROP_RE.sub("", normalize(text))


def fold_term(term: str) -> str:
    return re.sub(r"[-_.+]", "", term)


@dataclass(frozen=True, slots=True)
class Units:
    """The informative units of a text."""

    terms: tuple[str, ...]  # folded Latin terms and numbers, in order, repeated as they occur
    words: tuple[str, ...]  # Chinese words of two or more characters

    @property
    def all(self) -> tuple[str, ...]:
        return self.terms + self.words


def units(text: str) -> Units:
    """Terms and Chinese words of `text`, stop words removed."""
    norm = normalize(text)
    terms = []
    for match in TERM_RE.finditer(norm):
        raw = match.group(0)
        if raw in STOP_EN:
            continue
        folded = fold_term(raw)
        # One digit or letter alone (a list number, the x of f(x)) says nothing.
        if len(folded) >= 2:
            terms.append(folded)
    words = []
    tokenizer = segmenter()
    for run in CJK_RUN_RE.findall(norm):
        for word in tokenizer.lcut(run):
            if len(word) >= 2 and word not in STOP_ZH:
                words.append(word)
    return Units(tuple(terms), tuple(words))


def cjk_share(text: str) -> float:
    """Share of Chinese characters among the letters of `text` (0 for English, 1 for Chinese)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if CJK_CHAR_RE.match(c)) / len(letters)
