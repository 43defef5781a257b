"""The outbox: everything Ravabet sends (press releases, channel posts, invitations and
reminders, escalations, and whatever comes next) goes out exactly once, one way.

One table (`Send`: one thing to one target, with an idempotency key), one claim /
settle / retry (`actions`, with backoff), one transport per channel (`transports`: SMTP
email, the messenger bot API, SMS through the gateway RAVABET_SMS_GATEWAY names). The
rules for dead workers hold in one place: a row never handed over is sent by the periodic
sweep; a row whose worker died mid-send is marked interrupted and waits for a person. An
app's record of a send (media.Delivery, newsroom.ChannelPost, voice.Escalation,
meetings.ReminderSent, meetings.InvitationSend) extends Send; a new capability may do the
same, or use plain rows.

A capability sends through the outbox in a few lines. In `ravabet/<app>/sending.py`,
say what the send says (read at send time, so it is current; Skip if it no longer
applies)::

    from ravabet.outbox.compose import Email, Skip, composer

    @composer("notifications.digest")
    def digest(send):
        user = User.objects.get(pk=send.key.split(":")[1])
        if not user.is_active:
            return Skip("The account was closed.")
        return Email(subject=..., body=render_to_string("notifications/digest.txt", {...}))

and where the app decides to send (in its actions, inside the transaction)::

    from ravabet.outbox.actions import queue
    from ravabet.outbox.models import Transport

    queue(key=f"digest:{user.pk}:{week}", source="notifications.digest",
          transport=Transport.EMAIL, target=user.email)

The row is created once per key (a second call is a no-op, or queues a failed one
again), a task sends it on commit, and the status, attempts, last error and the
interrupted handling are the outbox's: show `send.get_status_display()` and `reason`.
"""
