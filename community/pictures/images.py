"""Pictures members upload, checked before a pixel is decoded and stored re-encoded.

The type comes from the bytes (Pillow reads the file's header), never from its name or
the browser's word; the size in pixels is read from that header too, so a picture
that would unpack to gigabytes (a "decompression bomb") is refused unopened. What is
kept is a fresh encoding: upright, within a size, without the metadata cameras write
into files (where and when it was taken, the device)."""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_side: int
    max_pixels: int  # all frames of an animated picture together

    @property
    def megabytes(self) -> int:
        return self.max_bytes // (1024 * 1024)


def problem(upload: UploadedFile, limits: Limits) -> str:
    """What is wrong with this upload, in words for its sender; empty when it can be kept."""
    if (upload.size or 0) > limits.max_bytes:
        return _("The picture is larger than %(mb)d MB.") % {"mb": limits.megabytes}
    data = upload.read()
    upload.seek(0)
    too_large = _("The picture is too large: at most %(side)d pixels on each side.") % {"side": limits.max_side}
    unknown = _("This file is not a picture we can show: use JPEG, PNG, WebP or GIF.")
    try:
        # Opening reads the header only: the size is known before a pixel is decoded.
        with Image.open(BytesIO(data)) as image:
            kind, (width, height) = image.format, image.size
            if max(width, height) > limits.max_side:
                return too_large
            if width * height * getattr(image, "n_frames", 1) > limits.max_pixels:
                return _("An animated picture may hold at most %(millions)d million pixels in all its frames.") % {
                    "millions": limits.max_pixels // 1_000_000
                }
            image.verify()
    except Image.DecompressionBombError:  # larger still than Pillow's own limit
        return too_large
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return unknown
    if kind not in FORMATS:
        return unknown
    return ""


@dataclass(frozen=True)
class Encoded:
    content: ContentFile
    width: int
    height: int


def reencoded(upload: UploadedFile, side: int, kind: str = "WEBP", quality: int = 85) -> Encoded:
    """The picture's first frame upright, at most `side` pixels on its longer side, as a
    new file of `kind` (WEBP keeps transparency; JPEG is flattened onto white)."""
    upload.seek(0)
    with Image.open(upload) as image:
        image.seek(0)
        upright = ImageOps.exif_transpose(image)
        mode = "RGBA" if kind == "WEBP" and upright.mode in ("RGBA", "LA", "P") else "RGB"
        if mode == "RGB" and upright.mode in ("RGBA", "LA", "P"):
            rgba = upright.convert("RGBA")
            flat = Image.new("RGB", rgba.size, "white")
            flat.paste(rgba, mask=rgba.getchannel("A"))
            upright = flat
        else:
            upright = upright.convert(mode)
    upright.thumbnail((side, side))
    output = BytesIO()
    upright.save(output, kind, quality=quality)
    upload.seek(0)
    return Encoded(ContentFile(output.getvalue()), upright.width, upright.height)
