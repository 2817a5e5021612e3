"""A small but well-formed Ogg Opus file (the format of a Telegram voice message): identification
and comment headers and one page of audio packets, with valid page checksums."""

from __future__ import annotations

import struct

SERIAL = 0x5EED


def _crc(data: bytes) -> int:
    """Ogg's CRC-32 (polynomial 0x04C11DB7, not reflected, initial 0)."""
    crc = 0
    for byte in data:
        crc ^= byte << 24
        for _ in range(8):
            crc = ((crc << 1) ^ 0x04C11DB7) if crc & 0x80000000 else crc << 1
            crc &= 0xFFFFFFFF
    return crc


def _page(packets: list[bytes], sequence: int, granule: int, flags: int) -> bytes:
    segments = []
    for packet in packets:
        segments += [255] * (len(packet) // 255) + [len(packet) % 255]
    header = struct.pack(
        "<4sBBqIIIB", b"OggS", 0, flags, granule, SERIAL, sequence, 0, len(segments)
    )
    page = header + bytes(segments) + b"".join(packets)
    return page[:22] + struct.pack("<I", _crc(page)) + page[26:]


def opus_voice(seconds: int = 2) -> bytes:
    head = b"OpusHead" + struct.pack("<BBHIhB", 1, 1, 312, 48000, 0, 0)
    tags = b"OpusTags" + struct.pack("<I", 8) + b"drillbot" + struct.pack("<I", 0)
    frames = [bytes([0xFC, 0xFF, 0xFE]) for _ in range(seconds * 50)]  # 20 ms silent frames
    return (
        _page([head], 0, 0, 0x02)
        + _page([tags], 1, 0, 0)
        + _page(frames, 2, seconds * 48000, 0x04)
    )
