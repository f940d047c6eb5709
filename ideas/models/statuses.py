"""Statuses that staff name and colour; each belongs to one workflow stage."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ideas.workflow import Stage, StageRules, rules_for


class StatusQuerySet(models.QuerySet):
    def default(self) -> Status:
        """Where new ideas start."""
        return self.get(is_default=True)

    def choosable(self) -> StatusQuerySet:
        """The statuses an idea can be moved to or filtered by: "merged" is reached only by merging."""
        return self.exclude(stage=Stage.MERGED)

    def merged(self) -> Status:
        return self.filter(stage=Stage.MERGED).order_by("position", "pk").first()


class Status(models.Model):
    name = models.CharField(_("name"), max_length=40)
    name_de = models.CharField(_("name in German"), max_length=40, blank=True)
    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    colour = models.CharField(
        _("colour"),
        max_length=7,
        default="#4a5361",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour like #0a58a8."))],
        help_text=_("Shown next to the name; the name itself always keeps a readable contrast."),
    )
    description = models.TextField(_("description"), max_length=300, blank=True)
    description_de = models.TextField(_("description in German"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_default = models.BooleanField(_("new ideas start here"), default=False)

    objects = StatusQuerySet.as_manager()

    class Meta:
        verbose_name = _("status")
        verbose_name_plural = _("statuses")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=models.Q(is_default=True), name="ideas_one_default_status"
            ),
            models.CheckConstraint(
                condition=~models.Q(is_default=True, stage=Stage.MERGED), name="ideas_default_status_not_merged"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the current language."""
        return self.name_de if get_language() == "de" and self.name_de else self.name

    @property
    def explanation(self) -> str:
        return self.description_de if get_language() == "de" and self.description_de else self.description

    @property
    def rules(self) -> StageRules:
        return rules_for(self.stage)
