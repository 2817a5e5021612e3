"""Formulas become readable text; characters lost in PDF extraction come back where certain."""

from __future__ import annotations

from bot.corpus.importers.latex import formulas_to_unicode


def test_group_advantage_with_lost_minus_sign() -> None:
    text = r"组内做标准化优势: $A_i = \frac{r_i \overline{r}}{\sigma_r + \epsilon}$."
    assert (
        formulas_to_unicode(text, repair=True) == "组内做标准化优势: A_i = (r_i − r̄) / (σ_r + ε)."
    )


def test_control_characters_eaten_by_extraction_are_restored() -> None:
    text = r"$$r_t(heta) = rac{\pi_{ heta}(a_t|s_t)}{\pi_{ heta_{ ext{old}}}(a_t|s_t)}$$"
    assert formulas_to_unicode(text, repair=True) == "r_t(θ) = π_θ(a_t|s_t)/π_θ_old(a_t|s_t)"


def test_repairs_only_when_asked() -> None:
    assert formulas_to_unicode(r"$\eta + \beta$") == "η + β"
    assert formulas_to_unicode(r"$eta$") == "eta"


def test_sums_scripts_and_code_identifiers() -> None:
    assert formulas_to_unicode(r"$\sum_{i=1}^G \log \pi_\theta$") == "Σᵢ₌₁ᴳ log π_θ"
    assert formulas_to_unicode(r"$W^{\top} x_{l-1}$") == "Wᵀ xₗ₋₁"
    assert formulas_to_unicode(r"call $get_action_log_probs$") == "call `get_action_log_probs`"


def test_prose_without_formulas_is_untouched() -> None:
    text = r"以\n 还是以推理逻辑来划分 step, cost $5"
    assert formulas_to_unicode(text) == text


def test_scripts_use_unicode_where_it_exists_and_no_braces_where_a_bare_script_reads() -> None:
    objective = r"$\mathbb{E}_{q,\{o_i\}_{i=1}^G\sim\pi_{\theta_{old}}}\left[\hat{A}_{i,t}\right]$"
    assert formulas_to_unicode(objective) == "E_{q,{o_i}ᵢ₌₁ᴳ~π_θ_old}[A\u0302ᵢ,ₜ]"
    assert formulas_to_unicode(r"$L^{clip} + x^{n+1} + o_{i,<t}$") == "Lᶜˡⁱᵖ + xⁿ⁺¹ + o_{i,<t}"
