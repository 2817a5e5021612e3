"""A topic and a few tags for each question, from the words it uses."""

from __future__ import annotations

import re

# First matching rule wins; the question text (and its section title) is searched.
TOPIC_RULES: list[tuple[str, str]] = [
    (
        "projects",
        r"你(?:最有代表性|这个项目|有实际跑通|读了很多论文|觉得你最核心|有什么问题想问|的研究经历)"
        r"|亮点|补充：|竞争力|沟通协作|工具链的熟悉|支持业务团队|怎么解决的|排查思路"
        r"|用现成框架还是从零|Llama Factory",
    ),
    (
        "agents",
        r"agent|智能体|MCP|function call|fuction call|NL2SQL|Prompt Injection|heartbeat"
        r"|RAG|记忆",
    ),
    (
        "distributed-training",
        r"(?<![A-Za-z0-9-])zero|deepspeed|分布式|TP/PP|TP |节点|Volcano|调度"
        r"|梯度累[积计]|batch size|显存|Server 来完成 rollout|rollout阶段",
    ),
    (
        "rl-alignment",
        r"GRPO|PPO|DPO|RLHF|reward|奖励|KL|policy|critic|RLOO|ReMAX|REINFOR|DAPO"
        r"|GPG|R1|dsr1|PRM|MCTS|verl|aha|k1 k2 k3|advantage|RL 训练|clip 细节|优势|online|offline",
    ),
    (
        "architecture",
        r"attention|Attention|MHA|MQA|GQA|MLA|Decoder|Transformer|Transfomer|MoE"
        r"|KV cache|位置编码|RoPE|embedding|mask|参数量",
    ),
    ("inference-deployment", r"量化|部署|推理|端侧"),
    ("ml-fundamentals", r"过拟合|欠拟合|反向传播|k-means|svm|xgboost|Adam|Tokenize"),
    (
        "training-practice",
        r"SFT|sft|预训练|LoRA|lora|微调|fp16|bf16|FP16|BF16|数据|配比|遗忘"
        r"|评估|训练|overthinking|paper|发展|ToB|tob|SQL|free-running",
    ),
]
DEFAULT_TOPIC = "training-practice"


def _word(pattern: str) -> str:
    """`pattern` not glued to other ASCII letters or digits (CJK neighbours are fine)."""
    return rf"(?<![a-z0-9])(?:{pattern})(?![a-z0-9])"


# Tag vocabulary: tag -> pattern looked for in the question.
TAGS: dict[str, str] = {
    "grpo": _word("grpo"), "ppo": _word("ppo"), "dpo": _word("dpo"), "rlhf": _word("rlhf"),
    "kl": _word("kl"), "reward": r"reward|奖励", "on-policy": r"on[- ]policy|online|offline",
    "deepseek-r1": _word("r1|dsr1|aha"), "zero": _word("zero[0-9]?") + "|deepspeed",
    "deepspeed": "deepspeed", "tensor-parallel": _word("tp"), "mixed-precision": r"bf16|fp16|混合精度",
    "lora": _word("lora"), "sft": _word("sft"), "pretraining": r"预训练|pretrain",
    "rag": _word("rag"), "agent": r"agent|智能体", "attention": r"attention|mha|gqa|mqa|mla",
    "kv-cache": r"kv cache", "moe": _word("moe"), "quantization": r"量化(?!结果)", "deployment": r"部署",
    "gradient-accumulation": r"梯度累[积计]", "memory": r"显存|oom",
    "llama-factory": r"llama factory", "evaluation": r"评估", "data": r"数据|配比|样本",
    "rollout": r"rollout", "mcp": _word("mcp"), "function-calling": r"fu?nction call",
    "nl2sql": r"nl2sql", "security": r"prompt injection", "multimodal": r"多模态",
    "decoder-only": r"decoder-only", "transformer": r"transformer|transfomer",
    "prm": _word("prm"), "mcts": _word("mcts"), "dapo": _word("dapo"), "reinforce": r"reinforc|rloo|remax",
    "optimizer": _word("adam|adamw"), "positional-encoding": r"rope|位置编码", "embedding": r"embedding",
    "classic-ml": r"k-means|svm|xgboost|过拟合|反向传播", "behavioural": r"你觉得你|想问我们|沟通",
    "talking-point": r"^(亮点|补充)：",
}  # fmt: skip


def topic_for(text: str, section: str, known: set[str]) -> str:
    fallback = DEFAULT_TOPIC if DEFAULT_TOPIC in known or not known else sorted(known)[0]
    return topic_from_content(text, section, known) or fallback


def topic_from_content(text: str, section: str, known: set[str]) -> str | None:
    """The first topic whose words the question (or its section title) uses; None if none."""
    haystack = f"{text}\n{section}"
    for topic, pattern in TOPIC_RULES:
        if topic in known and re.search(pattern, haystack, re.I):
            return topic
    return None


def tags_for(text: str) -> list[str]:
    return [tag for tag, pattern in TAGS.items() if re.search(pattern, text, re.I)]
