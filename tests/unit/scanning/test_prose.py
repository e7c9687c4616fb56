"""Which columns of council extracts are free text: notes and comments are; addresses, names, company
names, wards, job titles and category labels are not, however many words they have."""

from __future__ import annotations

import pytest

from governance.scanning.prose import is_free_text

CASE_NOTES = [
    "Spoke to Mrs Patel on 07700 900123, she is waiting for an occupational therapy visit",
    "Tenant says the boiler has not worked since Friday and the children are cold",
    "Called back, no answer. Left a voicemail asking him to ring the contact centre",
    "Mr Jones has been in hospital for two weeks so the rent is late this month",
    "Referred to the welfare rights team for a benefits check",
    "DNA",
    "",
    "Asked for a copy of the tenancy agreement to be sent to her sister in Leeds",
]
REPAIR_DESCRIPTIONS = [
    "Water coming through the kitchen ceiling from the flat above",
    "Front door lock is broken and the tenant cannot secure the property",
    "Mould on the bedroom wall, resident has asthma",
    "Replace cracked toilet cistern",
    "Damp in the bathroom since the roof was repaired in March",
]
DESK_COMMENTS = [
    "Customer was happy with the outcome",
    "Wants a call back after 5pm as she works days",
    "Came in with her support worker to ask about the waiting list",
    "Paid in full",
    "Needs an interpreter, speaks Polish",
]


@pytest.mark.parametrize("values", [CASE_NOTES, REPAIR_DESCRIPTIONS, DESK_COMMENTS],
                         ids=["case notes", "repair descriptions", "desk comments"])
def test_notes_and_comments_are_free_text(values: list[str]) -> None:
    assert is_free_text(values)


ADDRESSES = [
    "Flat 3, 27 Church Road, Leeds LS6 2AB",
    "14 St John's Close, Bolton BL1 4QT",
    "The Old Vicarage, Mill Lane, Little Harford, HR4 7JD",
    "Apartment 12, Victoria House, 5 Queen Street, Sheffield S1 2DW",
    "2 Sir Thomas Longley Road, Rochester ME2 4DP",
]
CONTRACTORS = [
    "J. Smith & Sons Building Contractors Ltd",
    "Morgan Sindall Property Services",
    "Wates Living Space (Residential) Ltd",
    "Fosters Roofing and Guttering of Kent",
    "A & B Plumbing and Heating Services",
]
WARDS = ["St Mary's and St Peter's", "Hill Top and Moorside", "Castle", "Abbey Park and Westfield"] * 30
JOB_TITLES = ["Senior Housing Officer (Income Recovery)", "Head of Revenues and Benefits",
              "Team Leader, Children in Care", "Assistant Director of Adult Social Care"]
SERVICE_OUTCOMES = ["Referred to the housing options team", "No further action at this time",
                    "Closed, the customer did not respond", "Passed to the enforcement team for a visit"] * 25
ETHNIC_GROUPS = ["White: English, Welsh, Scottish, Northern Irish or British", "Asian or Asian British: Indian",
                 "Black, Black British, Caribbean or African: Caribbean", "Mixed or multiple ethnic groups: Other",
                 "Prefer not to say"] * 20


@pytest.mark.parametrize("values", [ADDRESSES, CONTRACTORS, WARDS, JOB_TITLES, SERVICE_OUTCOMES, ETHNIC_GROUPS],
                         ids=["addresses", "contractors", "wards", "job titles", "service outcomes", "ethnic groups"])
def test_addresses_names_and_category_labels_are_not(values: list[str]) -> None:
    assert not is_free_text(values)


def test_an_empty_column_is_not_free_text() -> None:
    assert not is_free_text(["", " ", ""])
    assert not is_free_text([])
