"""Emails go through a real SMTP server process (aiosmtpd); a failed send never loses the decision and is
sent later."""

from __future__ import annotations

import mailbox
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from governance.accounts.models import Role
from governance.assessments.models import Assessment
from governance.db import transaction, utc_now
from governance.notifications.delivery import deliver_due
from governance.notifications.models import OutboxMessage
from governance.notifications.services import stuck_messages
from tests.conftest import make_test_app
from tests.helpers import Factories, PageClient


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(port: int, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"SMTP server did not start on port {port}")


@pytest.fixture
def smtp_server(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    port, maildir = _free_port(), tmp_path / "maildir"
    process = subprocess.Popen([sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}",
                                "-c", "aiosmtpd.handlers.Mailbox", str(maildir)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_for(port)
        yield port, maildir
    finally:
        process.terminate()
        process.wait(timeout=10)


def _mail_app(database_url: str, tmp_path: Path, questionnaires: Path, port: int) -> Flask:
    return make_test_app(database_url, tmp_path / "instance", QUESTIONNAIRES_PATH=str(questionnaires),
                         DEFAULT_QUESTIONNAIRE="small", MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_TLS=False,
                         MAIL_FROM="ai-governance@southshire.gov.uk")


def _received(maildir: Path) -> list[tuple[str, str, str]]:
    return sorted((message["To"], message["Subject"], message.get_payload())
                  for message in mailbox.Maildir(maildir).values())


def test_submission_and_decision_emails_arrive_through_smtp(database_url: str, tmp_path: Path,
                                                            small_questionnaires: Path, smtp_server) -> None:
    port, maildir = smtp_server
    app = _mail_app(database_url, tmp_path, small_questionnaires, port)
    factories = Factories(app)
    council = factories.organisation("South Shire Council")
    factories.user(council, [Role.IG_OFFICER], email="officer@southshire.gov.uk")
    lead = factories.user(council, [Role.DIGITAL_LEAD], email="lead@southshire.gov.uk")
    assessment_id = factories.submitted(council, submitter=lead)
    officer = PageClient(app.test_client())
    officer.sign_in("officer@southshire.gov.uk")  # a successful post: the submission email goes out

    with app.app_context(), transaction() as session:
        lock = str(session.get(Assessment, assessment_id).lock_version)
    officer.post(f"/reviews/{assessment_id}/decision",
                 {"lock_version": lock, "decision": "request_changes", "reason": "Say how residents opt out"})

    received = _received(maildir)
    assert [(to, subject.split(": ")[-1]) for to, subject, _body in received] == [
        ("lead@southshire.gov.uk", "changes requested"), ("officer@southshire.gov.uk", "submitted for review")]
    assert "Say how residents opt out" in received[0][2]
    with app.app_context(), transaction() as session:
        assert all(message.sent_at_utc for message in session.scalars(select(OutboxMessage)))


def test_a_failed_send_keeps_the_decision_and_is_retried(database_url: str, tmp_path: Path,
                                                        small_questionnaires: Path, smtp_server) -> None:
    port, maildir = smtp_server
    down = _mail_app(database_url, tmp_path, small_questionnaires, _free_port())  # nothing listens there
    factories = Factories(down)
    council = factories.organisation("South Shire Council")
    factories.user(council, [Role.IG_OFFICER], email="officer@southshire.gov.uk")
    factories.submitted(council)

    sent, failed = deliver_due(down)
    with down.app_context(), transaction() as session:
        stuck = stuck_messages(session, council.id)
        assert (sent, failed) == (0, 1) and [message.last_error for message in stuck] == ["ConnectionRefusedError"]
        assert session.scalars(select(Assessment)).one().status == "submitted"

    up = _mail_app(database_url, tmp_path, small_questionnaires, port)
    assert deliver_due(up) == (0, 0)  # not due again yet: it waits before retrying
    assert deliver_due(up, now=utc_now() + timedelta(hours=1)) == (1, 0)
    assert [to for to, _subject, _body in _received(maildir)] == ["officer@southshire.gov.uk"]


def test_administrators_see_emails_that_could_not_be_sent(database_url: str, tmp_path: Path,
                                                          small_questionnaires: Path) -> None:
    down = _mail_app(database_url, tmp_path, small_questionnaires, _free_port())
    factories = Factories(down)
    council = factories.organisation("South Shire Council")
    factories.user(council, [Role.IG_OFFICER], name="Robin Officer")
    factories.user(council, [Role.ADMIN], email="admin@southshire.gov.uk")
    factories.submitted(council)
    deliver_due(down)
    admin = PageClient(down.test_client())
    admin.sign_in("admin@southshire.gov.uk")

    dashboard = admin.get("/")

    assert "email could not be sent yet" in dashboard.text()
    assert "to Robin Officer: 1 attempt, last error ConnectionRefusedError" in dashboard.text()


def test_a_title_with_line_breaks_neither_breaks_its_email_nor_holds_any_other(
        database_url: str, tmp_path: Path, small_questionnaires: Path, smtp_server) -> None:
    """A use-case title with U+2028 or CR/LF used to make the email library refuse the subject and roll back
    the whole pass, so every later message, other councils' too, stayed unsent."""
    from governance.accounts.models import User
    from governance.notifications.services import queue_email

    port, maildir = smtp_server
    app = _mail_app(database_url, tmp_path, small_questionnaires, port)
    factories = Factories(app)
    south, north = factories.organisation("South Shire Council"), factories.organisation("North Shire Council")
    first = factories.user(south, [Role.IG_OFFICER], email="officer@southshire.gov.uk")
    second = factories.user(north, [Role.IG_OFFICER], email="officer@northshire.gov.uk")
    with app.app_context(), transaction() as session:
        queue_email(session, recipient=session.get(User, first.id), kind="assessment_submitted",
                    subject="AI-2026-0001 Repairs\u2028bot\r\nBcc: someone@example.com", body="Body")
        queue_email(session, recipient=session.get(User, second.id), kind="assessment_submitted",
                    subject="AI-2026-0002 Bin collections", body="Body")

    sent, failed = deliver_due(app, utc_now() + timedelta(minutes=1))

    assert (sent, failed) == (2, 0)
    received = _received(maildir)
    assert sorted(subject for _to, subject, _body in received) == [
        "AI-2026-0001 Repairs bot Bcc: someone@example.com", "AI-2026-0002 Bin collections"]
    assert all(message["Bcc"] is None for message in mailbox.Maildir(maildir).values())


def test_a_message_that_cannot_be_built_is_recorded_and_the_rest_go(small_app: Flask, factories: Factories) -> None:
    """Whatever goes wrong with one message (here a refusal the sender raises), each is delivered and recorded
    on its own."""
    from email.message import EmailMessage

    from governance.accounts.models import User
    from governance.notifications.services import MailSettings, deliver, queue_email

    council = factories.organisation("South Shire Council")
    officer = factories.user(council, [Role.IG_OFFICER], email="officer@southshire.gov.uk")
    attempted: list[str] = []

    def send(email: EmailMessage, _settings: MailSettings) -> None:
        attempted.append(str(email["Subject"]))
        if "refused" in str(email["Subject"]):
            raise ValueError("header refused")

    with small_app.app_context(), transaction() as session:
        user = session.get(User, officer.id)
        messages = [queue_email(session, recipient=user, kind="k", subject=subject, body="b")
                    for subject in ("one refused", "two", "three")]
        result = deliver(messages, MailSettings(server="mail.invalid", port=25, username=None, password=None,
                                                use_tls=False, sender="ai@southshire.gov.uk"), send)
        states = [(message.sent_at_utc is not None, message.last_error) for message in messages]

    assert result == (2, 1) and attempted == ["one refused", "two", "three"]
    assert states == [(False, "ValueError"), (True, None), (True, None)]
