"""The conversation, written once: channels decode input into `inputs`, the dialogue runs the
flows against the practice service, and channels render its `replies`."""

from bot.dialogue.channels import CONSOLE, SLACK, TELEGRAM, ChannelStyle
from bot.dialogue.dialogue import Dialogue
from bot.dialogue.inputs import Command, Input, Press, Sender, Text

__all__ = [
    "CONSOLE",
    "SLACK",
    "TELEGRAM",
    "ChannelStyle",
    "Command",
    "Dialogue",
    "Input",
    "Press",
    "Sender",
    "Text",
]
