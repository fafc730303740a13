"""Pillar 2, leadership: MOUs and signatures, project director handovers, leaders' learning and
commitments, announcements."""

from .announcements import Announcement, AnnouncementDelivery
from .commitments import Commitment, LearningActivity
from .directors import ProjectDirectorHandover
from .mou import Mou, MouSection, MouTemplate, MouTemplateSection, MouVersion, Signatory

__all__ = [
    "Announcement",
    "AnnouncementDelivery",
    "Commitment",
    "LearningActivity",
    "Mou",
    "MouSection",
    "MouTemplate",
    "MouTemplateSection",
    "MouVersion",
    "ProjectDirectorHandover",
    "Signatory",
]
