from io import StringIO

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from ravabet.core.management.commands.tick import periodic_tasks

# The database queue's own rows are read and moved here (conftest: db_queue).
pytestmark = pytest.mark.db_queue


def test_tick_enqueues_every_apps_periodic_tasks(db):
    names = {task.module_path for task in periodic_tasks()}
    assert "ravabet.meetings.tasks.send_due_reminders" in names
    assert "ravabet.voice.tasks.escalate_overdue" in names
    out = StringIO()
    call_command("tick", stdout=out)
    queued = set(DBTaskResult.objects.ready().values_list("task_path", flat=True))
    assert queued == names
    assert "enqueued ravabet.meetings.tasks.send_due_reminders" in out.getvalue()
