"""Which database errors are another request getting there first (409), and the fingerprint a question page
carries of the answer it showed."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from governance.assessments.conflicts import AnswerConflict, fingerprint, refuse_if_changed
from governance.assessments.forms import seen_version
from governance.errors import is_conflict
from governance.questionnaire.model import Question


@dataclass
class PostgresError(Exception):
    sqlstate: str


@dataclass
class SQLiteError(Exception):
    sqlite_errorname: str


@pytest.mark.parametrize(("error", "conflict"), [
    (StaleDataError("0 rows matched"), True),
    (IntegrityError("INSERT", {}, PostgresError("23505")), True),  # unique key taken by a concurrent insert
    (OperationalError("UPDATE", {}, PostgresError("40001")), True),  # serialisation failure
    (OperationalError("UPDATE", {}, PostgresError("40P01")), True),  # deadlock
    (OperationalError("SELECT", {}, PostgresError("55P03")), True),  # lock not available
    (IntegrityError("INSERT", {}, SQLiteError("SQLITE_CONSTRAINT_UNIQUE")), True),
    (IntegrityError("INSERT", {}, SQLiteError("SQLITE_CONSTRAINT_PRIMARYKEY")), True),
    (OperationalError("UPDATE", {}, SQLiteError("SQLITE_BUSY")), True),  # "database is locked"
    (IntegrityError("INSERT", {}, PostgresError("23502")), False),  # NOT NULL: a fault, not a race
    (IntegrityError("UPDATE", {}, PostgresError("23514")), False),  # a check constraint
    (IntegrityError("INSERT", {}, SQLiteError("SQLITE_CONSTRAINT_NOTNULL")), False),
    (DataError("INSERT", {}, PostgresError("22001")), False),  # value too long
    (OperationalError("SELECT", {}, SQLiteError("SQLITE_IOERR")), False),
    (OperationalError("connect", {}, Exception("server closed the connection")), False),
    (ValueError("not a database error"), False),
    (None, False),
])
def test_only_errors_of_a_concurrent_change_count_as_conflicts(error: BaseException | None, conflict: bool) -> None:
    assert is_conflict(error) is conflict


def test_a_fingerprint_depends_on_the_answer_not_on_how_it_is_written() -> None:
    rows = [{"risk": "Bias", "mitigation": "Testing"}]

    assert fingerprint(rows) == fingerprint([{"mitigation": "Testing", "risk": "Bias"}])
    assert fingerprint(rows) != fingerprint([*rows, {"risk": "Leaks"}])
    assert len({fingerprint(None), fingerprint([]), fingerprint(""), fingerprint("None")}) == 4


def test_a_changed_answer_is_refused_with_both_answers() -> None:
    question = Question(id="description", ref="A2", type="textarea", text="What does it do?", section_id="basics")

    refuse_if_changed(question, "Theirs", None, refused="Mine")  # a page without a fingerprint is not checked
    refuse_if_changed(question, "Theirs", fingerprint("Theirs"), refused="Mine")
    with pytest.raises(AnswerConflict) as refusal:
        refuse_if_changed(question, "Theirs", fingerprint(None), refused="Mine")

    assert (refusal.value.kept, refusal.value.refused, refusal.value.question) == ("Theirs", "Mine", question)


@pytest.mark.parametrize(("posted", "seen"), [(None, None), ("", None), ("7", 7), ("x", 0), ("²", 0),
                                              ("9" * 40, 0)])
def test_a_posted_lock_version_is_read_safely(posted: str | None, seen: int | None) -> None:
    assert seen_version(posted) == seen
