from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from ravabet.experience.models import Experience
from ravabet.meetings.models import (
    AgendaItem,
    Meeting,
    MeetingStatus,
    ProgressUpdate,
    Resolution,
    ResolutionStatus,
)
from ravabet.search.models import SearchEntry

MODELS = (Meeting, AgendaItem, Resolution, ProgressUpdate, Experience, SearchEntry)


def test_demo_meetings_and_experiences_are_loaded_once(db):
    call_command("load_demo", stdout=StringIO())
    counts = {m.__name__: m.objects.count() for m in MODELS}
    call_command("load_demo", stdout=StringIO())
    assert {m.__name__: m.objects.count() for m in MODELS} == counts

    last = Meeting.objects.get(status=MeetingStatus.APPROVED)
    assert last.resolutions.count() == 4
    assert set(last.resolutions.values_list("status", flat=True)) == set(ResolutionStatus.values)
    overdue = list(Resolution.objects.overdue())
    assert [r.owner_municipality.slug for r in overdue if r.owner_municipality] == ["rudsar"]
    assert len(overdue) == 1
    upcoming = Meeting.objects.get(status=MeetingStatus.PLANNED)
    assert upcoming.starts_at > timezone.now()
    carried = set(upcoming.agenda.exclude(resolution=None).values_list("resolution", flat=True))
    assert carried == set(Resolution.objects.open().values_list("pk", flat=True))
    assert last.news_draft.startswith(last.title)
    assert Experience.objects.values("municipality").distinct().count() >= 3
