"""Picture files for upload tests, made in code: plain ones, one with a camera's
location in it, and the two kinds of bomb (one frame too large, many frames)."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def picture(kind="PNG", size=(40, 40), name: str | None = None, located: bool = False) -> SimpleUploadedFile:
    """A teal picture; `located` writes GPS coordinates into its EXIF, as a phone does."""
    data = io.BytesIO()
    image = Image.new("RGB", size, "teal")
    if located:
        exif = Image.Exif()
        exif[0x8825] = {1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 36.0)}  # GPSInfo: Berlin
        exif[0x010F] = "PhoneMaker"  # Make
        image.save(data, kind, exif=exif)
    else:
        image.save(data, kind)
    return SimpleUploadedFile(name or f"me.{kind.lower()}", data.getvalue(), content_type=f"image/{kind.lower()}")


def png_bomb(side: int = 20_000) -> SimpleUploadedFile:
    """A PNG of a few dozen bytes that says it is side × side pixels: decoding it would
    take gigabytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")
    return SimpleUploadedFile("bomb.png", data, "image/png")


def animated_bomb(frames: int = 80, side: int = 500) -> SimpleUploadedFile:
    """A small GIF of many large frames: 80 × 500 × 500 = 20 million pixels."""
    images = [Image.new("L", (side, side), color=number * 3 % 256) for number in range(frames)]
    buffer = io.BytesIO()
    images[0].save(buffer, "GIF", save_all=True, append_images=images[1:])
    return SimpleUploadedFile("bomb.gif", buffer.getvalue(), "image/gif")
