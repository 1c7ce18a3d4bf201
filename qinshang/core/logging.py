"""Log records never carry a survey invitation's token: whoever reads the logs could otherwise
answer in the respondent's name."""

from __future__ import annotations

import logging
import re

INVITATION_PATH = re.compile(r"(/portal/survey/)[^/\s\"']+")
HIDDEN = r"\1[token]"


def _redact(value: object) -> object:
    return INVITATION_PATH.sub(HIDDEN, value) if isinstance(value, str) else value


class RedactInvitationTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = _redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_redact(arg) for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: _redact(value) for key, value in record.args.items()}
        return True
