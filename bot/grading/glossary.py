"""Common English and Chinese names of the same ML concept, folded to one form before matching,
so an English (or mixed) answer can cover a Chinese key point and the other way round."""

from __future__ import annotations

import re

# canonical form: variants (regular expressions on lower-cased text). General vocabulary of the
# field only; nothing here is specific to one question.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "奖励模型": (r"\breward[\s-]?models?\b", r"\brms?\b", r"奖励模型"),
    "参考模型": (
        r"\bref(?:erence)?[\s-]?(?:models?|policy)\b",
        r"\bπ_?ref\b",
        r"\bsft\s?模型",
        r"参考策略",
    ),
    "价值模型": (
        r"\bcritic(?:\s?models?)?\b",
        r"\bvalue[\s-]?(?:models?|networks?|functions?)\b",
        r"价值网络",
        r"价值函数",
    ),
    "策略": (r"\bpolic(?:y|ies)\b",),
    "优势": (r"\badvantages?\b",),
    "奖励": (r"\brewards?\b",),
    "梯度": (r"\bgradients?\b", r"\bgrads?\b"),
    "优化器状态": (r"\boptimi[sz]er[\s-]?states?\b",),
    "优化器": (r"\boptimi[sz]ers?\b",),
    "参数": (r"\bparam(?:eter)?s?\b",),
    "显存": (r"\bgpu[\s-]?memory\b", r"\bvram\b", r"\bmemory\b"),
    "分片": (r"切分", r"\bshard(?:s|ed|ing)?\b", r"\bpartition(?:s|ed|ing)?\b"),
    "通信": (r"\bcommunications?\b",),
    "带宽": (r"\bbandwidth\b",),
    "采样": (r"\bsampl(?:e|es|ing)\b",),
    "推理": (r"\binference\b", r"\breasoning\b"),
    "蒸馏": (r"\bdistill(?:ation|ed)?\b",),
    "量化": (r"\bquanti[sz]ation\b", r"\bquanti[sz]e[d]?\b"),
    "剪枝": (r"\bprun(?:e|ing)\b",),
    "偏好": (r"\bpreferences?\b",),
    "过拟合": (r"\boverfit(?:ting)?\b",),
    "欠拟合": (r"\bunderfit(?:ting)?\b",),
    "正则": (r"\bregulari[sz]ation\b",),
    "微调": (r"\bfine[\s-]?tun(?:e|ed|ing)\b",),
    "预训练": (r"\bpre[\s-]?train(?:ing|ed)?\b",),
    "检索": (r"\bretriev(?:al|e)\b",),
    "分布偏移": (r"\bdistribution[\s-]?shifts?\b",),
    "惩罚": (r"\bpenalt(?:y|ies)\b", r"\bpenali[sz]e[ds]?\b"),
    "多样性": (r"\bdiversity\b",),
    "模式崩塌": (r"\bmode[\s-]?collapse\b",),
    "偏离": (r"\bdrift(?:s|ing)?\b", r"\bdeviat(?:e|es|ing)\b"),
    "稳定": (r"\bstab(?:le|ility)\b",),
    "延迟": (r"\blatency\b",),
    "吞吐": (r"\bthroughput\b",),
    "准确率": (r"\baccuracy\b",),
    "格式": (r"\bformat(?:ting)?\b",),
    "知识": (r"\bknowledge\b",),
    "数据": (r"\bdata\b",),
    "训练": (r"\btrain(?:ing)?\b",),
}

# \b would not separate a Latin word from Chinese next to it ("用RM打分"): use an ASCII boundary.
_ASCII_BOUNDARY = r"(?:(?<![a-z0-9])(?=[a-z0-9])|(?<=[a-z0-9])(?![a-z0-9]))"
_PATTERNS = [
    (re.compile("|".join(f"(?:{v})" for v in variants).replace(r"\b", _ASCII_BOUNDARY)), canonical)
    for canonical, variants in SYNONYMS.items()
]


def fold_synonyms(normalized: str) -> str:
    """Replace every known variant in lower-cased text by its canonical Chinese form."""
    for pattern, canonical in _PATTERNS:
        normalized = pattern.sub(f" {canonical} ", normalized)
    return normalized
