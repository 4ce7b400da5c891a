#!/usr/bin/env python3
"""Draws the installable app's icons (public/icons/icon-{192,512}.png) from
the favicon's design: a white ring and dot on the assembly's blue, full
bleed, so that the same image serves as a maskable icon (the design stays
inside the central 80 % every mask keeps). Standard library only."""
import struct
import zlib
from pathlib import Path

BLUE = (0x1D, 0x35, 0x57)
WHITE = (0xFF, 0xFF, 0xFF)
SAMPLES = 4  # per axis, for smooth edges


def coverage(x: float, y: float, size: int) -> float:
    """How white the point is: the ring (radius 9 of 32, 3 wide) and the dot
    (radius 3.5 of 32), scaled to `size`."""
    u, v = x / size * 32 - 16, y / size * 32 - 16
    r = (u * u + v * v) ** 0.5
    return 1.0 if (7.5 <= r <= 10.5) or r <= 3.5 else 0.0


def png(size: int) -> bytes:
    rows = []
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            white = sum(
                coverage(x + (i + 0.5) / SAMPLES, y + (j + 0.5) / SAMPLES, size)
                for i in range(SAMPLES)
                for j in range(SAMPLES)
            ) / SAMPLES**2
            row += bytes(round(b + (w - b) * white) for b, w in zip(BLUE, WHITE))
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + chunk(b"IEND", b"")
    )


if __name__ == "__main__":
    out = Path(__file__).resolve().parent.parent / "public" / "icons"
    out.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        (out / f"icon-{size}.png").write_bytes(png(size))
