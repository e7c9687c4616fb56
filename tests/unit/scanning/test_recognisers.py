"""Every UK recogniser with valid values, values failing their check, and look-alikes."""

from __future__ import annotations

import pytest

from governance.scanning.matching import find_entities
from governance.scanning.recognisers import luhn_valid, nhs_number_valid, upn_valid


def _types(value: str, column: str = "") -> list[str]:
    return [match.entity for match in find_entities(value, column)]


@pytest.mark.parametrize(
    ("value", "column", "expected"),
    [
        # NHS number: modulus 11
        ("943 476 5919", "", ["UK_NHS"]),
        ("9434765919", "", ["UK_NHS"]),
        ("943-476-5919", "", ["UK_NHS"]),
        ("943 476 5918", "", []),  # wrong check digit
        ("1111111111", "", []),  # one repeated digit
        # National Insurance number: prefix rules
        ("AB 12 34 56 C", "", ["UK_NINO"]),
        ("ab123456c", "", ["UK_NINO"]),
        ("QQ 12 34 56 C", "", []),  # Q is never used
        ("GB 12 34 56 A", "", []),  # administrative prefix
        ("AB 12 34 56 E", "", []),  # suffix only A-D
        # Postcode: full format
        ("SW1A 1AA", "", ["UK_POSTCODE"]),
        ("M1 1AE", "", ["UK_POSTCODE"]),
        ("CR2 6XH", "", ["UK_POSTCODE"]),
        ("QW1 1AA", "", []),  # Q never starts a postcode
        ("SW1A 1CA", "", []),  # C is not used in the inward code
        # UK phone numbers
        ("07700 900123", "", ["PHONE_NUMBER"]),
        ("+44 7700 900123", "", ["PHONE_NUMBER"]),
        ("020 7946 0000", "", ["PHONE_NUMBER"]),
        ("0044 7700 900123", "", []),
        ("12345 67890", "", []),  # not a UK range
        # Unique Pupil Number: modulus 23 check letter
        ("B801200005001", "", ["UK_UPN"]),
        ("A801200005001", "", []),
        # Passport, driving licence and UPRN only with context
        ("123456789", "passport number", ["UK_PASSPORT"]),
        ("Passport AB1234567 seen", "", ["UK_PASSPORT"]),
        ("123456789", "", []),
        ("MORGA657054SM9IJ", "driving licence", ["UK_DRIVING_LICENCE"]),
        ("MORGA657054SM9IJ", "", []),
        ("MORGA613054SM9IJ", "driving licence", []),  # month 13 is not a month
        ("100023336956", "uprn", ["UK_UPRN"]),
        ("100023336956", "", []),
        # Email, IP, IBAN, card, dates of birth
        ("jane.doe@example.gov.uk", "", ["EMAIL_ADDRESS"]),
        ("192.168.1.20", "", ["IP_ADDRESS"]),
        ("999.168.1.20", "", []),
        ("GB82 WEST 1234 5698 7654 32", "", ["IBAN_CODE"]),
        ("GB82 WEST 1234 5698 7654 33", "", []),
        ("4111 1111 1111 1111", "", ["CREDIT_CARD"]),
        ("4111 1111 1111 1112", "", []),
        ("12/03/1985", "date of birth", ["DATE_TIME"]),
        ("12/03/2024", "work order date", []),  # only dates of birth or death are personal
        # Decoys
        ("ORD-2024-55512", "order number", []),
        ("AT-004512", "asset tag", []),
        ("1697.14", "amount", []),
    ],
)
def test_recognisers(value: str, column: str, expected: list[str]) -> None:
    assert _types(value, column) == expected


def test_an_identifier_in_free_text_is_found_with_context_raising_the_score() -> None:
    plain = find_entities("ref 943 476 5919 received")
    with_context = find_entities("patient NHS number 943 476 5919")

    assert [m.entity for m in plain] == ["UK_NHS"] == [m.entity for m in with_context]
    assert with_context[0].score > plain[0].score


def test_check_functions() -> None:
    assert nhs_number_valid("9434765919") and not nhs_number_valid("9434765910")
    assert upn_valid("B801200005001") and not upn_valid("B80120000500")
    assert luhn_valid("4111111111111111") and not luhn_valid("4111111111111121")


def test_a_random_ten_digit_number_passes_the_nhs_check_about_one_time_in_eleven() -> None:
    import random

    generator = random.Random(7)
    numbers = ["".join(str(generator.randint(0, 9)) for _ in range(10)) for _ in range(11000)]
    passing = sum(nhs_number_valid(number) for number in numbers)

    assert 800 < passing < 1200  # which is why a column needs more than the check to be called NHS numbers
