"""StreamField blocks editors use on the home and standard pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class LinkCardBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=80)
    text = blocks.TextBlock(label=_("Text"), max_length=300)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("Or an address"), required=False)

    class Meta:
        icon = "link"
        label = _("Card")


class LinkCardsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=120)
    cards = blocks.ListBlock(LinkCardBlock(), label=_("Cards"))

    class Meta:
        icon = "grip"
        label = _("Cards")
        template = "components/link_cards.html"


class StepsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=120)
    steps = blocks.ListBlock(
        blocks.StructBlock(
            [
                ("title", blocks.CharBlock(label=_("Title"), max_length=80)),
                ("text", blocks.TextBlock(label=_("Text"), max_length=300)),
            ]
        ),
        label=_("Steps"),
    )

    class Meta:
        icon = "list-ol"
        label = _("Steps")
        template = "components/steps.html"


class ContentStreamBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=120, template="components/heading.html")
    paragraph = blocks.RichTextBlock(label=_("Paragraph"), features=["bold", "italic", "link", "ol", "ul", "h3", "h4"])
    image = ImageBlock(label=_("Image"))
    steps = StepsBlock()
    cards = LinkCardsBlock()
