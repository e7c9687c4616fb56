"""Password policy (NCSC: length over complexity, deny common passwords) and hashing."""

from __future__ import annotations

import pytest

from governance.accounts.passwords import hash_password, password_problem, verify_password


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short", "12 characters or more"),
        ("x" * 257, "256 characters or fewer"),
        ("password1234", "too common"),
        ("qwertyuiopas", "too easy to guess"),
        ("aaaaaaaaaaaaaaaa", "too common"),
        (" leading space passphrase", "must not start or end with a space"),
        ("Password1234!", "too easy to guess"),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(password: str, problem: str) -> None:
    assert problem in (password_problem(password) or "")


@pytest.mark.parametrize("password", ["kettle orbit lantern", "correct horse battery staple", "8fj2-kq93-mx71-pz04"])
def test_long_unusual_passwords_are_accepted_without_symbols(password: str) -> None:
    assert password_problem(password) is None


def test_passwords_built_from_the_persons_own_details_are_refused() -> None:
    assert password_problem("dana.lead@example.gov.uk", ["dana.lead@example.gov.uk", "Dana Lead"]) is not None


def test_hashes_are_argon2_salted_and_verifiable() -> None:
    first, second = hash_password("kettle orbit lantern"), hash_password("kettle orbit lantern")

    assert first.startswith("$argon2id$")
    assert first != second
    assert verify_password(first, "kettle orbit lantern")
    assert not verify_password(first, "kettle orbit lanterns")
    assert not verify_password("not a hash", "anything")
