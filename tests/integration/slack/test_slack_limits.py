"""Long answers within Block Kit limits, escaping, and Slack's pace and 429s."""

from __future__ import annotations

from bot.corpus.loader import Corpus
from bot.domain.models import Deck, Question
from tests.integration.slack.conftest import StartBot, assert_no_api_errors
from tests.support.fake_slack import FakeSlack, SlackError, dm_of

TABLE = "| model | params |\n| --- | --- |\n| <small> & fast | 7B |\n| large | 70B |"
CODE = "```python\nif a < b and b > c:\n    print('&')\n```"


def corpus_of(*questions: Question) -> Corpus:
    return Corpus((Deck("test", "Test", questions),), {q.id: q for q in questions}, {})


def long_answer(paragraphs: int) -> str:
    body = "\n\n".join(
        f"Paragraph {n}: **bold** words, a list follows.\n\n- one\n- two" for n in range(paragraphs)
    )
    return f"{TABLE}\n\n{CODE}\n\n{body}"


async def test_a_huge_answer_is_split_into_valid_messages(start_bot: StartBot, fake: FakeSlack):
    big = Question(
        "big", "test", "Explain everything about <T> & friends?", long_answer(4000), "misc"
    )
    slack = await start_bot(corpus=corpus_of(big))
    dm = fake.add_user("U1")
    assert await slack.command("U1", "next") == 200
    question = await slack.next_dm("U1", after=1)
    assert "Explain everything about &lt;T&gt; &amp; friends?" in question.mrkdwn
    assert await slack.press("U1", question, "Show answer") == 200

    def answered() -> bool:
        return any(m.buttons and "Good" in str(m.buttons) for m in fake.in_channel(dm))

    await fake.wait_for(answered, timeout=60)
    parts = fake.in_channel(dm)[2:]
    assert len(parts) >= 2 and len(parts[0].blocks) == 50  # more than one message's worth
    assert all(not m.buttons for m in parts[:-1])
    assert [b["text"]["text"] for b in parts[-1].buttons] == ["Again", "Hard", "Good", "Easy"]
    text = "\n".join(m.mrkdwn for m in parts)
    assert "```\nmodel          | params" in text and "&lt;small&gt; &amp; fast" in text
    assert "if a &lt; b and b &gt; c:" in text
    assert "*bold*" in text and "Paragraph 3999" in text
    assert_no_api_errors(fake)  # every section within 3,000 characters, every message 50 blocks

    # About one message a second to the same channel.
    posts = [c for c in fake.calls_to("chat.postMessage") if c.params["channel"] == dm]
    gaps = [b.at - a.at for a, b in zip(posts, posts[1:], strict=False)]
    assert min(gaps) >= 0.9


async def test_a_429_is_waited_out_and_the_reply_still_arrives(
    start_bot: StartBot, fake: FakeSlack
):
    slack = await start_bot()
    fake.add_user("U1")
    assert await slack.command("U1", "pause") == 200  # registers: welcome and reply
    await slack.next_ephemeral("U1", 0)
    await slack.next_dm("U1", after=0)
    fake.fail_next("chat.postMessage", SlackError("ratelimited", 429, retry_after=1))
    assert await slack.command("U1", "next") == 200
    question = await slack.next_dm("U1", after=1)
    assert question.button("Show answer")
    limited, delivered = fake.calls_to("chat.postMessage")[-2:]
    assert limited.status == 429 and delivered.status == 200
    assert delivered.at - limited.at >= 0.9  # Retry-After honoured
    assert len(fake.in_channel(dm_of("U1"))) == 2
