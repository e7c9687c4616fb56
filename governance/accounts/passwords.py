"""Password policy and hashing. Pure: no Flask, no database.

The policy follows the NCSC's advice: length over complexity rules, and a deny list of common and
easily guessed passwords instead of forced symbols or expiry.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS

MIN_LENGTH = 12
MAX_LENGTH = 256
# zxcvbn works in time proportional to the input; what it says of the first part is enough.
STRENGTH_CHECK_PREFIX = 100
MIN_STRENGTH_SCORE = 3

COMMON_PASSWORDS = frozenset(FREQUENCY_LISTS["passwords"])

# The test suite hashes hundreds of passwords; it may ask for cheap parameters through this variable.
# Production refuses to start with it set (see config.py).
FAST_HASHING_VARIABLE = "GOVERNANCE_TEST_FAST_PASSWORD_HASHING"
_hasher = (PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1) if os.environ.get(FAST_HASHING_VARIABLE) == "1"
           else PasswordHasher())


def password_problem(password: str, personal_words: Iterable[str] = ()) -> str | None:
    """Why a new password is not acceptable, in words to show the person, or None if it is fine."""
    if len(password) < MIN_LENGTH:
        return f"Password must be {MIN_LENGTH} characters or more"
    if len(password) > MAX_LENGTH:
        return f"Password must be {MAX_LENGTH} characters or fewer"
    if password.strip() != password or not password.strip():
        return "Password must not start or end with a space"
    if password.lower() in COMMON_PASSWORDS or len(set(password)) < 4:
        return "Password is too common. Try three random words, for example 'kettle orbit lantern'"
    words = [word for word in personal_words if word]
    result = zxcvbn(password[:STRENGTH_CHECK_PREFIX], user_inputs=words)
    if result["score"] < MIN_STRENGTH_SCORE:
        return "Password is too easy to guess. Try three random words, for example 'kettle orbit lantern'"
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


# Verified against when the email is unknown, so a wrong email costs as long as a wrong password
# and response times do not reveal which accounts exist.
DUMMY_HASH = _hasher.hash("not a real password: timing equaliser")
