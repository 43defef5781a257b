from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction

from ravabet.network.models import User
from ravabet.search.actions import index_object

from .models import Comment, Experience, ExperienceAttachment, UsefulMark


@transaction.atomic
def save_experience(experience: Experience, attachment: UploadedFile | None = None) -> Experience:
    experience.save()
    if attachment is not None:
        ExperienceAttachment.objects.create(
            experience=experience, file=attachment, name=(attachment.name or "file")[-200:]
        )
    index_object(experience)
    return experience


def add_comment(experience: Experience, user: User, text: str) -> Comment:
    return Comment.objects.create(experience=experience, author=user, text=text)


def toggle_useful(experience: Experience, user: User) -> bool:
    """Mark (or unmark) as useful; returns whether it is marked now."""
    deleted, _rows = UsefulMark.objects.filter(experience=experience, user=user).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            UsefulMark.objects.create(experience=experience, user=user)
    except IntegrityError:
        pass  # a double click: it is marked either way
    return True


def set_featured(experience: Experience, featured: bool) -> None:
    experience.is_featured = featured
    experience.save(update_fields=["is_featured"])
