"""The Content Security Policy and access declarations, as pure values."""

from __future__ import annotations

import pytest

from governance.accounts.models import Role
from governance.security import access_of, content_security_policy, public, role_required, signed_in


def test_policy_allows_only_own_origin_and_the_nonce() -> None:
    policy = content_security_policy("abc123")

    assert "script-src 'self' 'nonce-abc123'" in policy
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "base-uri 'none'" in policy


def test_declarations_are_recorded() -> None:
    def view() -> str:
        return ""

    assert access_of(public(view)) == "public"
    assert access_of(signed_in(lambda: "")) == "signed_in"
    assert access_of(role_required(Role.IG_OFFICER, Role.ADMIN)(lambda: "")) == "role:admin,ig_officer"


def test_a_view_cannot_declare_twice() -> None:
    with pytest.raises(TypeError, match="twice"):
        public(public(lambda: ""))


def test_role_required_needs_a_role() -> None:
    with pytest.raises(TypeError):
        role_required()
