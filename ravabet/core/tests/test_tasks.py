"""The task queue the capabilities rely on: enqueued on commit, run by the database worker."""

from functools import partial

from django.core import mail
from django.db import transaction
from django_tasks import task


@task()
def send_note(address: str) -> int:
    return mail.send_mail("یادداشت", "سلام", None, [address])


def test_a_task_enqueued_on_commit_is_run_by_the_worker_and_mail_reaches_smtp(
    db, smtp_server, run_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        transaction.on_commit(partial(send_note.enqueue, "rudsar@example.org"))
    assert smtp_server.messages == []
    assert run_tasks() == 1
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "rudsar@example.org"
    assert message["Subject"] == "یادداشت"
    assert run_tasks() == 0


def test_nothing_is_enqueued_when_the_transaction_rolls_back(db, run_tasks):
    try:
        with transaction.atomic():
            transaction.on_commit(partial(send_note.enqueue, "x@example.org"))
            raise RuntimeError("the view failed")
    except RuntimeError:
        pass
    assert run_tasks() == 0
