"""The brand colour: checked for contrast when an editor saves it, and served as a
small stylesheet with a dark-scheme shade that still reads."""

import colorsys

import pytest
from django.urls import reverse

from community.branding import colours
from community.models import BrandingSettings


def test_contrast_follows_wcag():
    assert colours.contrast("#000000", "#ffffff") == pytest.approx(21)
    assert colours.contrast("#0a58a8", "#ffffff") == pytest.approx(7.06, abs=0.01)
    assert colours.contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize(
    ("colour", "problem"),
    [
        ("blue", "six hexadecimal digits"),
        ("#0a58a", "six hexadecimal digits"),
        ("#ffcc00", "reach only 1.4:1"),
        ("#777777", "reach only 4.1:1"),  # on the light surface, where links sit too
    ],
)
def test_colours_that_cannot_carry_text_are_refused_with_the_measured_ratio(colour, problem):
    found = colours.problems(colour)

    assert len(found) == 1 and problem in found[0]


@pytest.mark.parametrize("colour", ["#0a58a8", "#7a1fa2", "#17663a", "#000000", "#a3161b"])
def test_the_dark_shade_keeps_the_hue_and_reads_on_every_dark_surface(colour):
    assert colours.problems(colour) == []
    dark = colours.for_dark(colour)

    assert all(colours.contrast(dark, surface) >= 4.5 for surface in colours.DARK_SURFACES)
    assert colours.contrast(dark, colours.DARK_TEXT_ON_PRIMARY) >= 4.5  # buttons' text in the dark scheme
    if colour != "#000000":
        hue = colorsys.rgb_to_hls(*(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)))[0]
        dark_hue = colorsys.rgb_to_hls(*(int(dark[i : i + 2], 16) / 255 for i in (1, 3, 5)))[0]
        assert dark_hue == pytest.approx(hue, abs=0.02)


@pytest.mark.django_db
def test_an_editor_saves_a_colour_and_every_page_links_its_stylesheet(admin_client, client, site):
    branding = BrandingSettings.for_site(site)
    url = reverse("wagtailsettings:edit", args=["community", "brandingsettings", site.pk])
    form = {"community_name": "Acme Community", "tagline": "", "contact_email": "", "logo": "", "font": "system"}

    refused = admin_client.post(url, {**form, "primary_colour": "#FFCC00"})
    assert refused.status_code == 200
    assert "reach only 1.4:1" in refused.content.decode()
    branding.refresh_from_db()
    assert branding.primary_colour == ""

    saved = admin_client.post(url, {**form, "primary_colour": " #7A1FA2 "})
    assert saved.status_code == 302
    branding.refresh_from_db()
    assert branding.primary_colour == "#7a1fa2"

    page = client.get("/").content.decode()
    assert '<link rel="stylesheet" href="/brand.css?v=7a1fa2-system">' in page
    stylesheet = client.get("/brand.css?v=7a1fa2-system")
    assert stylesheet["Content-Type"] == "text/css; charset=utf-8"
    assert "immutable" in stylesheet["Cache-Control"]
    css = stylesheet.content.decode()
    assert ":root { --color-primary: #7a1fa2;" in css
    assert f"--color-primary: {colours.for_dark('#7a1fa2')};" in css.split("prefers-color-scheme: dark")[1]


@pytest.mark.django_db
def test_without_a_colour_no_stylesheet_is_linked_and_the_url_serves_nothing(client, site):
    assert "/brand.css" not in client.get("/").content.decode()
    assert client.get("/brand.css").content == b""
    assert client.post("/brand.css").status_code == 405


def _tokens(css: str) -> tuple[dict[str, str], dict[str, str]]:
    import re

    light_block = css[css.index(":root {") : css.index("@media (prefers-color-scheme: dark)")]
    dark_start = css.index("@media (prefers-color-scheme: dark)")
    dark_block = css[dark_start : css.index("\n}\n", dark_start)]
    pick = re.compile(r"--(color-[a-z-]+): (#[0-9a-f]{6});")
    light = dict(pick.findall(light_block))
    return light, {**light, **dict(pick.findall(dark_block))}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_design_tokens_meet_their_contrast_in_both_schemes(scheme):
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "static" / "css" / "tandem.css").read_text()
    light, dark = _tokens(css)
    tokens = light if scheme == "light" else dark
    surfaces = [tokens[name] for name in ("color-bg", "color-surface", "color-raised")]
    text = ["color-text", "color-text-muted", "color-primary", "color-primary-strong", "color-success", "color-danger"]
    too_low = [
        (role, surface, round(colours.contrast(tokens[role], surface), 2))
        for role in text
        for surface in surfaces
        if colours.contrast(tokens[role], surface) < 4.5
    ]
    too_low += [("color-control", s) for s in surfaces if colours.contrast(tokens["color-control"], s) < 3]
    for ground, ink in (("color-primary", "color-on-primary"), ("color-badge", "color-on-badge")):
        if colours.contrast(tokens[ground], tokens[ink]) < 4.5:
            too_low.append((ink, ground))

    assert too_low == []
    assert len(dark) == len(light) >= 18


@pytest.mark.django_db
def test_the_admin_carries_the_communitys_logo_and_name(admin_client, site):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    branding = BrandingSettings.for_site(site)
    branding.logo = Image.objects.create(title="Acme logo", file=get_test_image_file())
    branding.save()

    page = admin_client.get(reverse("wagtailadmin_home")).content.decode()

    logo = page.split("<template data-wagtail-sidebar-branding-logo>")[1].split("</template>")[0]
    assert 'class="tandem-admin-logo"' in logo and "<img" in logo
    assert "- Tandem Community</title>" in page


def test_a_chosen_font_is_served_from_the_site_as_a_small_web_font(client, site):
    from django.contrib.staticfiles import finders

    branding = BrandingSettings.for_site(site)
    branding.font = "atkinson"
    branding.save()

    page = client.get("/").content.decode()
    stylesheet = client.get("/brand.css?v=-atkinson").content.decode()

    assert '<link rel="stylesheet" href="/brand.css?v=-atkinson">' in page
    assert '@font-face { font-family: "Atkinson Hyperlegible"; src: url("/static/fonts/atkinson.woff2")' in stylesheet
    assert '--font-body: "Atkinson Hyperlegible", system-ui' in stylesheet
    made = finders.find("fonts/atkinson.woff2")
    with open(made, "rb") as font:
        data = font.read()
    assert data[:4] == b"wOF2" and len(data) < 40_000


def test_without_a_chosen_font_no_font_is_loaded(client, site):
    page = client.get("/").content.decode()

    assert "brand.css" not in page and ".woff2" not in page


def test_the_admin_offers_the_short_list_of_fonts():
    from community.branding import fonts

    assert [key for key, _label in fonts.choices()] == ["system", "inter", "atkinson", "source-sans"]
    assert all(face.path.endswith(".woff2") for font in fonts.FONTS.values() for face in font.faces)
