"""Pictures on members' posts (ideas, comments, reviews): shown with their post, so
moderated with it, each with the words that describe it to those who cannot see it."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def picture_path(picture: "Picture", filename: str) -> str:
    # A random name: the address of a picture on a hidden post cannot be guessed.
    return f"pictures/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.webp"


def thumbnail_path(picture: "Picture", filename: str) -> str:
    return f"pictures/{timezone.now():%Y/%m}/{uuid.uuid4().hex}-small.webp"


class Picture(models.Model):
    ALT_MAX = 250

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    post = GenericForeignKey("content_type", "object_id")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="pictures", verbose_name=_("uploaded by")
    )
    image = models.FileField(_("picture"), upload_to=picture_path, max_length=200)
    thumbnail = models.FileField(_("thumbnail"), upload_to=thumbnail_path, max_length=200)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    alt_text = models.CharField(
        _("description"), max_length=ALT_MAX, help_text=_("What the picture shows, for those who cannot see it.")
    )
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("picture")
        verbose_name_plural = _("pictures")
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="community_picture_post")]

    def __str__(self) -> str:
        return self.alt_text
