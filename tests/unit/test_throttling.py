"""How sign-in limits name accounts and addresses in the throttle's store."""

from __future__ import annotations

import hashlib

import pytest

from governance.throttling import account_digest, client_network

SECRET = "a secret of the kind the service is given, 32+ chars"


def test_an_account_is_named_the_same_however_its_email_is_typed() -> None:
    assert account_digest(SECRET, "  Dana@Example.gov.uk ") == account_digest(SECRET, "dana@example.gov.uk")


def test_an_account_cannot_be_matched_without_the_secret() -> None:
    """A plain hash of an email can be checked against a list of emails; a keyed one cannot."""
    digest = account_digest(SECRET, "dana@example.gov.uk")

    assert digest != hashlib.sha256(b"dana@example.gov.uk").hexdigest()
    assert digest != account_digest("another service's secret, 32+ characters", "dana@example.gov.uk")
    assert "dana" not in digest


@pytest.mark.parametrize(
    ("address", "counted_as"),
    [
        ("203.0.113.9", "203.0.113.9"),
        ("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"),
        ("2001:db8:1:2::1", "2001:db8:1:2::/64"),  # the same /64: one site, counted once
        ("::ffff:203.0.113.9", "203.0.113.9"),  # an IPv4 client seen through an IPv6 socket
        ("not an address", "not an address"),
    ],
)
def test_addresses_are_counted_by_the_network_one_client_holds(address: str, counted_as: str) -> None:
    assert client_network(address) == counted_as
