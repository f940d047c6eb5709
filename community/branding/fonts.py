"""The fonts a community can choose in Settings → Branding, served from this site.

Each comes from a Python package (fontpkg-*, from the Google Fonts collection under the
SIL Open Font License) and is turned here into a small web font: only the letters of
Latin-script languages (German and the rest of western Europe), variable fonts pinned
to the weights the design uses, compressed as WOFF2. FontFinder gives them to Django's
static files, so `collectstatic` (and the development server) make them once and keep
them under var/fonts/; pages load them from the site itself, never from a font service."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage
from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _

# Basic Latin, Latin-1 Supplement, Latin Extended-A, and the punctuation the texts use.
UNICODES = [
    *range(0x20, 0x7F),
    *range(0xA0, 0x180),
    *(0x2013, 0x2014, 0x2018, 0x2019, 0x201A, 0x201C, 0x201D, 0x201E, 0x2022, 0x2026, 0x2039, 0x203A),
    *(0x20AC, 0x2122, 0x2192, 0x2212),
]


@dataclass(frozen=True)
class Face:
    path: str  # under STATIC_URL
    package: str
    source: str  # the file in the package
    style: str = "normal"
    weight: str = "400"  # CSS font-weight: one, or a range for a variable font
    axes: dict[str, float | tuple[float, float]] = field(default_factory=dict)  # pinned or narrowed


@dataclass(frozen=True)
class Font:
    key: str
    label: str
    family: str  # the CSS family name
    fallback: str
    faces: tuple[Face, ...] = ()

    @property
    def stack(self) -> str:
        return f'"{self.family}", {self.fallback}' if self.faces else self.fallback


SANS = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
FONTS = {
    font.key: font
    for font in (
        Font("system", _("The reader's own system font"), "", SANS),
        Font(
            "inter",
            _("Inter: crisp and neutral"),
            "Inter",
            SANS,
            (
                Face("fonts/inter.woff2", "fontpkg_inter", "Inter[opsz,wght].ttf", weight="400 700",
                     axes={"opsz": 14, "wght": (400, 700)}),
                Face("fonts/inter-italic.woff2", "fontpkg_inter", "Inter-Italic[opsz,wght].ttf", "italic", "400 700",
                     {"opsz": 14, "wght": (400, 700)}),
            ),
        ),
        Font(
            "atkinson",
            _("Atkinson Hyperlegible: made to be told apart letter by letter"),
            "Atkinson Hyperlegible",
            SANS,
            (
                Face("fonts/atkinson.woff2", "fontpkg_atkinson_hyperlegible", "AtkinsonHyperlegible-Regular.ttf"),
                Face("fonts/atkinson-bold.woff2", "fontpkg_atkinson_hyperlegible", "AtkinsonHyperlegible-Bold.ttf",
                     weight="700"),
                Face("fonts/atkinson-italic.woff2", "fontpkg_atkinson_hyperlegible",
                     "AtkinsonHyperlegible-Italic.ttf", "italic"),
            ),
        ),
        Font(
            "source-sans",
            _("Source Sans 3: friendly and open"),
            "Source Sans 3",
            SANS,
            (
                Face("fonts/source-sans.woff2", "fontpkg_source_sans_3", "SourceSans3[wght].ttf", weight="400 700",
                     axes={"wght": (400, 700)}),
                Face("fonts/source-sans-italic.woff2", "fontpkg_source_sans_3", "SourceSans3-Italic[wght].ttf",
                     "italic", "400 700", {"wght": (400, 700)}),
            ),
        ),
    )
}  # fmt: skip
FACES = {face.path: face for font in FONTS.values() for face in font.faces}


def choices() -> list[tuple[str, str]]:
    return [(font.key, font.label) for font in FONTS.values()]


def web_font(face: Face) -> bytes:
    """The face as a WOFF2 of the Latin letters, its variable axes pinned or narrowed."""
    import logging

    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    logging.getLogger("fontTools").setLevel(logging.WARNING)  # it narrates every table at INFO
    font = TTFont(io.BytesIO((files(face.package) / "files" / face.source).read_bytes()))
    subsetter = subset.Subsetter(options=subset.Options())
    subsetter.populate(unicodes=UNICODES)
    subsetter.subset(font)
    if face.axes:
        font = instancer.instantiateVariableFont(font, dict(face.axes))
    output = io.BytesIO()
    font.flavor = "woff2"
    font.save(output)
    return output.getvalue()


def font_face_css(font: Font) -> str:
    rules = [
        f'@font-face {{ font-family: "{font.family}"; src: url("{static(face.path)}") format("woff2"); '
        f"font-style: {face.style}; font-weight: {face.weight}; font-display: swap; }}"
        for face in font.faces
    ]
    return "\n".join(rules)


class FontFinder(BaseFinder):
    """Django's static files find the fonts here, made on first use and kept in
    settings.FONTS_ROOT."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.root = Path(settings.FONTS_ROOT)
        self.storage = FileSystemStorage(location=str(self.root))

    def _made(self, face: Face) -> Path:
        target = self.root / face.path
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_suffix(".part")
            partial.write_bytes(web_font(face))
            partial.replace(target)  # never half a font, even with two processes at it
        return target

    def find(self, path: str, find_all: bool = False, **kwargs):
        face = FACES.get(path)
        if face is None:
            return [] if find_all else None
        made = str(self._made(face))
        return [made] if find_all else made

    def list(self, ignore_patterns) -> Iterator[tuple[str, FileSystemStorage]]:
        for face in FACES.values():
            self._made(face)
            yield face.path, self.storage

    def check(self, **kwargs) -> list:
        return []
