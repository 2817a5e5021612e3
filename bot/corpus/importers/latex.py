"""LaTeX formulas to readable Unicode text, after repairing what PDF extraction lost.

Chat channels cannot render LaTeX, so `$A_i = \\frac{r_i - \\bar{r}}{\\sigma_r + \\epsilon}$`
becomes `A_i = (r_i − r̄) / (σ_r + ε)`. pylatexenc parses; the macro table below decides the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pylatexenc import latexwalker
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec
from pylatexenc.latex2text import get_default_latex_context_db as text_context_db
from pylatexenc.macrospec import MacroSpec

# PDF text extraction turned "\t", "\b" and "\f" into whitespace or nothing, eating the first
# letter of \text, \theta, \top, \beta and \frac. Restored only inside formulas, where the
# remaining letters cannot mean anything else.
_EXTRACTION_LOSSES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(?<![A-Za-z\\])\s?ext\{"), r"\\text{"),
    (re.compile(r"(?<![A-Za-z\\])\s?heta(?![A-Za-z])"), r"\\theta"),
    (re.compile(r"\^\s?op(?![A-Za-z])"), r"^\\top"),
    (re.compile(r"(?<![A-Za-z\\])eta(?![A-Za-z])"), r"\\beta"),
    (re.compile(r"(?<![A-Za-z\\])rac\{"), r"\\frac{"),
    # x_i and x̄ with nothing between them in a numerator: the minus sign was dropped
    (
        re.compile(r"\\frac\{\s*([A-Za-z])_([A-Za-z0-9])\s+\\(bar|overline)\{\1\}\s*\}"),
        r"\\frac{\1_\2 - \\\3{\1}}",
    ),
]


def repair_extraction(formula: str) -> str:
    for pattern, replacement in _EXTRACTION_LOSSES:
        formula = pattern.sub(replacement, formula)
    return formula


_SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "Delta": "Δ", "epsilon": "ε",
    "varepsilon": "ε", "eta": "η", "theta": "θ", "lambda": "λ", "mu": "μ", "pi": "π", "rho": "ρ",
    "sigma": "σ", "Sigma": "Σ", "tau": "τ", "phi": "φ", "omega": "ω", "nabla": "∇",
    "sum": "Σ", "prod": "∏", "cdot": "·", "times": "×", "parallel": "‖", "|": "‖", "mid": "|",
    "sim": "~", "odot": "⊙", "partial": "∂", "top": "ᵀ", "ll": "≪", "gg": "≫",
    "Rightarrow": "⇒", "rightarrow": "→", "to": "→", "leftarrow": "←", "approx": "≈",
    "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠", "infty": "∞", "in": "∈",
    "ldots": "…", "cdots": "⋯", "propto": "∝", "log": "log", "exp": "exp", "min": "min",
    "max": "max", "left": "", "right": "", "big": "", "Big": "", "bigg": "", "Bigg": "",
    ",": " ", ";": " ", ":": " ", "!": "", " ": " ", "quad": " ", "qquad": " ",
}  # fmt: skip
_FUNCTIONS = {"log", "exp", "min", "max"}  # followed by a space when run on
_ACCENTS = {"bar": "\u0304", "overline": "\u0304", "hat": "\u0302", "widehat": "\u0302",
            "tilde": "\u0303", "vec": "\u20d7", "dot": "\u0307"}  # fmt: skip
_PLAIN = ("text", "mathrm", "operatorname", "mathbb", "mathcal", "mathbf", "mathit", "textbf",
          "boldsymbol", "mathsf", "sub", "sup")  # fmt: skip
# Unicode has raised and lowered forms of these; a script written only with them needs no braces.
_SUPERSCRIPTS = dict(zip(
    "0123456789+-−=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVWβγδθφχᵀ",
    "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂᵝᵞᵟᶿᵠᵡᵀ", strict=True,
))  # fmt: skip
_SUBSCRIPTS = dict(zip(
    "0123456789+-−=()aehijklmnoprstuvxβγρφχ,",
    "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ,", strict=True,
))  # fmt: skip
_SIMPLE_SCRIPT = re.compile(r"[^\W_][\w′']*")  # `old`, `θ_old`, `KL`: readable after a bare _ or ^
_MATH_OPS = re.compile(r"\s*(=|\+|−|·|⊙|≈|⇒|→|≪|≫|≤|≥|≠|∝|×|‖)\s*")


def _arg_text(node, l2tobj: LatexNodes2Text, index: int = 0) -> str:
    args = node.nodeargd.argnlist if node.nodeargd else []
    arg = args[index] if index < len(args) else None
    if arg is None:
        return ""
    return l2tobj.nodelist_to_text([arg]).strip()


def _top_level(text: str) -> str:
    """The characters of `text` outside (), [] and {}."""
    depth, kept = 0, []
    for ch in text:
        depth += ch in "([{"
        if depth == 0:
            kept.append(ch)
        depth -= ch in ")]}" and depth > 0
    return "".join(kept)


def _compound(text: str) -> bool:
    return bool(re.search(r"[\s+−\-=,·]", _top_level(text)))


def _frac(node, l2tobj: LatexNodes2Text) -> str:
    num, den = _arg_text(node, l2tobj, 0), _arg_text(node, l2tobj, 1)
    if _compound(num) or _compound(den):
        wrap = lambda s: f"({s})" if _compound(s) else s  # noqa: E731
        return f"{wrap(num)} / {wrap(den)}"
    return f"{num}/{den}"


def _accent(mark: str) -> Callable:
    def render(node, l2tobj: LatexNodes2Text) -> str:
        return _arg_text(node, l2tobj) + mark

    return render


def _script(prefix: str) -> Callable:
    def render(node, l2tobj: LatexNodes2Text) -> str:
        inner = _arg_text(node, l2tobj).replace(" ", "")
        table = _SUPERSCRIPTS if prefix == "^" else _SUBSCRIPTS
        # x² and Σᵢ₌₁ᴳ; a lone subscript letter stays x_i, as the notes write it
        if inner.strip(",") and all(c in table for c in inner) and (prefix == "^" or len(inner) > 1):
            return "".join(table[c] for c in inner)
        if len(inner) == 1 or _SIMPLE_SCRIPT.fullmatch(inner):
            return prefix + inner
        return prefix + "{" + inner + "}"

    return render


def _walker_context():
    context = latexwalker.get_default_latex_context_db()
    specs = [MacroSpec(name, "{") for name in (*_PLAIN, *_ACCENTS)] + [MacroSpec("frac", "{{")]
    context.add_context_category("drillbot-math", macros=specs, prepend=True)
    return context


def _text_context():
    context = text_context_db()
    macros = [MacroTextSpec(name, simplify_repl=value + (" " if name in _FUNCTIONS else ""))
              for name, value in _SYMBOLS.items()]  # fmt: skip
    macros += [MacroTextSpec(name, simplify_repl=_accent(mark)) for name, mark in _ACCENTS.items()]
    macros += [MacroTextSpec(name, simplify_repl="%s") for name in _PLAIN if name not in
               ("sub", "sup")]  # fmt: skip
    macros += [MacroTextSpec("sub", simplify_repl=_script("_")),
               MacroTextSpec("sup", simplify_repl=_script("^")),
               MacroTextSpec("frac", simplify_repl=_frac)]  # fmt: skip
    context.add_context_category("drillbot-math", macros=macros, prepend=True)
    return context


_WALKER_CONTEXT = _walker_context()
_CONVERTER = LatexNodes2Text(
    latex_context=_text_context(), math_mode="text", strict_latex_spaces=True
)


def _braced_scripts(formula: str) -> str:
    """`x_{i,t}` -> `x\\sub{i,t}` so the renderer sees the whole subscript as one argument."""
    out: list[str] = []
    i = 0
    while i < len(formula):
        ch = formula[i]
        if ch in "_^" and (i == 0 or formula[i - 1] != "\\"):
            j = i + 1
            while j < len(formula) and formula[j] == " ":
                j += 1
            macro = "\\sub" if ch == "_" else "\\sup"
            if j < len(formula) and formula[j] == "{":
                out.append(macro)
                i = j
                continue
            single = re.match(r"\\[A-Za-z]+|.", formula[j:])
            if single:
                out.append(f"{macro}{{{single.group(0)}}}")
                i = j + len(single.group(0))
                continue
        out.append(ch)
        i += 1
    return "".join(out)


def _space_operators(text: str) -> str:
    """Spaces around binary operators, except inside sub- and superscript braces."""
    parts = re.split(r"([_^]\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\})", text)
    for i in range(0, len(parts), 2):
        parts[i] = _MATH_OPS.sub(lambda m: f" {m.group(1)} ", parts[i])
    return "".join(parts)


def _space_after_big_operators(text: str) -> str:
    """`Σ_{i=1}^G 1/G`: a space after the operator's limits, none inside them."""
    scripts = "".join(set(_SUPERSCRIPTS.values()) | set(_SUBSCRIPTS.values()) - {","})
    text = re.sub(rf"([Σ∏]) (?=[{scripts}])", r"\1", text)
    out, i = [], 0
    while i < len(text):
        out.append(text[i])
        if text[i] in "Σ∏":
            i += 1
            while i < len(text) and text[i] in scripts:
                out.append(text[i])
                i += 1
            while i < len(text) and text[i] in "_^":
                script = re.match(r"[_^](?:\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}|[^\s{])", text[i:])
                if not script:
                    break
                out.append(script.group(0))
                i += len(script.group(0))
            if i < len(text) and text[i] not in " )],":
                out.append(" ")
            continue
        i += 1
    return "".join(out)


def _protect_text_hyphens(formula: str) -> str:
    # \text{V-loss} is a word, not a subtraction; U+2010 survives the minus conversion below
    return re.sub(r"\\text\{[^{}]*\}", lambda m: m.group(0).replace("-", "\u2010"), formula)


def math_to_unicode(formula: str) -> str:
    """Render one formula (without its $ delimiters) as plain text."""
    source = _protect_text_hyphens(formula).replace("-", "−")
    source = source.replace("\\|", "\\parallel ").replace("||", "\\parallel ")
    # keep the space in `\beta D` that LaTeX would swallow after the macro name
    source = re.sub(r"(\\[A-Za-z]+)\s+(?=\\|[A-Za-z]{2})", r"\1{} ", source)
    source = _braced_scripts(source)
    try:
        nodes, _, _ = latexwalker.LatexWalker(
            source, latex_context=_WALKER_CONTEXT, tolerant_parsing=True
        ).get_latex_nodes()
        text = _CONVERTER.nodelist_to_text(nodes)
    except latexwalker.LatexWalkerError:
        return formula
    text = re.sub(r"\s+", " ", _space_operators(re.sub(r"\s+", " ", text))).strip()
    text = re.sub(r"([(\[{,]) ?− ", r"\1−", text)  # unary minus stays attached
    text = text.replace("= − ", "= −")
    text = re.sub(r"^− ", "−", text)
    text = re.sub(r"(?<=[\w)\]}ᵀ\u0302\u0304]) (?=[(\[])", "", text)
    text = _space_after_big_operators(text)
    text = re.sub(r"\s*([)\]])", r"\1", text)
    text = re.sub(r"([(\[])\s*", r"\1", text)
    return re.sub(r" {2,}", " ", text).replace("\u2010", "-").strip()


_DELIMITED = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$|\\\((.+?)\\\)|\\\[(.+?)\\\]", re.S)
# A code identifier someone wrapped in dollars: keep it as code, not subscripts.
_IDENTIFIER = re.compile(r"[A-Za-z]+(?:_[A-Za-z]+){2,}")
_MATH_NAMES = "|".join(sorted((re.escape(n) for n in (*_SYMBOLS, *_ACCENTS, "frac", "sqrt")
                               if n.isalpha()), key=len, reverse=True))  # fmt: skip
# Known math macros written outside $...$ in prose, with their braces and scripts.
_BARE = re.compile(
    rf"\\(?:{_MATH_NAMES})(?![A-Za-z])(?:\{{[^{{}}]*\}})*(?:[_^](?:\{{[^{{}}]*\}}|[A-Za-z0-9]))*"
)


# `π_{θ}` typed in prose reads better as `π_θ`.
_GREEK_BRACED = re.compile(r"([α-ωΑ-Ω])_\{([A-Za-z0-9]+|[α-ω])\}")


def formulas_to_unicode(text: str, repair: bool = False) -> str:
    """Replace every formula in a piece of prose; `repair` first undoes PDF-extraction losses."""

    def delimited(match: re.Match[str]) -> str:
        formula = next(g for g in match.groups() if g is not None).strip()
        if _IDENTIFIER.fullmatch(formula):
            return f"`{formula}`"
        return math_to_unicode(repair_extraction(formula) if repair else formula)

    text = _DELIMITED.sub(delimited, text)
    text = _BARE.sub(lambda m: math_to_unicode(m.group(0)), text)
    return _GREEK_BRACED.sub(r"\1_\2", text)
