"""Delivery of a pass's new alerts beyond the store: a webhook (each alert's JSON POSTed,
retried with exponential back-off on errors and 429/5xx) and an e-mail digest over SMTP.
Both are optional (`webhook`, `smtp_host` in `[newsprism.watch]`); a failure is one line and
never stops the watch: the alerts stay in the store for `newsprism alerts` and the feeds."""

from __future__ import annotations

import json
import smtplib
from collections.abc import Callable, Sequence
from email.message import EmailMessage

import urllib3
from urllib3.util import Retry

from newsprism.model import Alert
from newsprism.present.alerts_export import alert_json, alert_line
from newsprism.watch.config import WatchSettings

RETRY_STATUSES = (429, 500, 502, 503, 504)


def deliver(alerts: Sequence[Alert], settings: WatchSettings, say: Callable[[str], None]) -> None:
    if not alerts:
        return
    if settings.webhook:
        for alert in alerts:
            try:
                post_alert(alert, settings)
            except (urllib3.exceptions.HTTPError, OSError) as error:
                say(f"newsprism: webhook {alert.id} not delivered ({type(error).__name__})")
    if settings.smtp_host and settings.mail_to:
        try:
            mail_digest(alerts, settings)
        except (smtplib.SMTPException, OSError) as error:
            say(f"newsprism: e-mail digest not sent ({error})")


def post_alert(alert: Alert, settings: WatchSettings, backoff: float = 0.5) -> int:
    """POST the alert's JSON to the webhook; its final status (an error if none is 2xx)."""
    retries = Retry(
        total=max(settings.webhook_attempts - 1, 0),
        backoff_factor=backoff,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=None,
        raise_on_status=True,
        respect_retry_after_header=True,
    )
    response = urllib3.request(
        "POST",
        settings.webhook,
        body=json.dumps(alert_json(alert), ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json", "User-Agent": settings.user_agent},
        retries=retries,
        timeout=urllib3.Timeout(connect=settings.connect_timeout, read=settings.read_timeout),
    )
    if not 200 <= response.status < 300:
        raise urllib3.exceptions.HTTPError(f"HTTP {response.status}")
    return response.status


def digest_message(alerts: Sequence[Alert], settings: WatchSettings) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = f"newsprism: {len(alerts)} new alert{'s' if len(alerts) > 1 else ''}"
    message["From"] = settings.mail_from or "newsprism@localhost"
    message["To"] = ", ".join(settings.mail_to)
    lines = []
    for alert in alerts:
        lines += [alert_line(alert), f"    {alert.text}"]
        lines += [f"    > {span.text}" for span in alert.evidence[:3]]
        lines.append("")
    message.set_content("\n".join(lines))
    return message


def mail_digest(alerts: Sequence[Alert], settings: WatchSettings) -> None:
    server = (settings.smtp_host, settings.smtp_port)
    with smtplib.SMTP(*server, timeout=settings.read_timeout) as smtp:
        smtp.send_message(digest_message(alerts, settings))
