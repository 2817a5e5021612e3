"""Agreement of the offline grader with the expected band of hand-written answers, and its speed.

    python bench/grading_bench.py [--details]

Grades every answer of bench/grading_eval.yaml against the bundled corpus and prints the
confusion matrix (expected band x suggested band), the share in the right band, the wrong
answers suggested above Hard, and the latency per answer (p50/p99 over 5 rounds, after the
corpus is prepared). Exits 1 when a target is missed: >= 80 % in the right band, no wrong
answer above Hard, p99 < 50 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.config import BUNDLED_CONTENT  # noqa: E402
from bot.corpus.loader import load_corpus  # noqa: E402
from bot.domain.models import Rating  # noqa: E402
from bot.grading.offline import OfflineGrader  # noqa: E402

EVAL_SET = ROOT / "bench" / "grading_eval.yaml"
BANDS = ("good", "partial", "wrong")
BAND_OF = {Rating.EASY: "good", Rating.GOOD: "good", Rating.HARD: "partial", Rating.AGAIN: "wrong"}
ROUNDS = 5
TARGET_RIGHT = 0.80
TARGET_P99_MS = 50.0


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true", help="print every answer's grade")
    args = parser.parse_args()

    corpus = load_corpus(BUNDLED_CONTENT)
    items = yaml.safe_load(EVAL_SET.read_text(encoding="utf-8"))["items"]
    grader = OfflineGrader(corpus.ordered())
    started = time.perf_counter()
    grader.prepare()
    prepare_s = time.perf_counter() - started

    matrix = {(e, s): 0 for e in BANDS for s in BANDS}
    wrong_above_hard = []
    latencies: list[float] = []
    answers = 0
    for round_number in range(ROUNDS):
        for item in items:
            question = corpus.questions[item["question"]]
            for answer in item["answers"]:
                started = time.perf_counter()
                grade = grader.grade(question, answer["text"])
                latencies.append((time.perf_counter() - started) * 1000)
                if round_number:
                    continue
                answers += 1
                band = BAND_OF[grade.suggested]
                matrix[(answer["band"], band)] += 1
                if answer["band"] == "wrong" and grade.suggested > Rating.HARD:
                    wrong_above_hard.append(question.id)
                if args.details:
                    flag = "  " if band == answer["band"] else "!!"
                    print(
                        f"{flag} {question.id:36} {answer['band']:7} -> {grade.suggested.name:5}"
                        f" {grade.score:.2f} ({len(grade.covered)}/{len(grade.covered) + len(grade.missed)})"
                    )

    right = sum(matrix[(b, b)] for b in BANDS)
    p50, p99 = percentile(latencies, 0.50), percentile(latencies, 0.99)
    print(f"{len(items)} questions, {answers} answers; corpus prepared in {prepare_s:.2f} s")
    print("expected \\ suggested   " + "".join(f"{b:>9}" for b in BANDS))
    for expected in BANDS:
        print(f"{expected:22}" + "".join(f"{matrix[(expected, s)]:>9}" for s in BANDS))
    share = right / answers
    print(f"in the right band: {right}/{answers} = {share:.1%} (target >= {TARGET_RIGHT:.0%})")
    print(f"wrong answers suggested above Hard: {len(wrong_above_hard)} {wrong_above_hard or ''}")
    print(
        f"latency per answer over {len(latencies)} gradings: p50 {p50:.2f} ms, p99 {p99:.2f} ms,"
        f" mean {statistics.fmean(latencies):.2f} ms (target p99 < {TARGET_P99_MS:.0f} ms)"
    )
    ok = share >= TARGET_RIGHT and not wrong_above_hard and p99 < TARGET_P99_MS
    print("OK" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
