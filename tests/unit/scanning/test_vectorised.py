"""Whole-column checks give exactly the answers of the one-value checks, and step aside when values are
not written uniformly."""

from __future__ import annotations

import random

import pyarrow as pa
import pytest

from governance.scanning.recognisers import date_valid, nhs_number_valid, uk_phone_valid
from governance.scanning.synthetic import nhs_number
from governance.scanning.vectorised import character_grid, dates_valid, nhs_numbers_valid, uk_phones_valid


def _digits(generator: random.Random, count: int) -> str:
    return "".join(str(generator.randint(0, 9)) for _ in range(count))


@pytest.mark.parametrize("layout", ["{}{}{} {}{}{} {}{}{}{}", "{}{}{}{}{}{}{}{}{}{}", "{}{}{}-{}{}{}-{}{}{}{}"])
def test_nhs_numbers_match_the_one_value_check(layout: str) -> None:
    generator = random.Random(3)
    values = []
    for index in range(3000):
        digits = _digits(generator, 10)
        if index % 3 == 0:
            digits = nhs_number(generator).replace(" ", "")
        if index % 97 == 0:
            digits = str(index % 10) * 10  # one digit repeated is never issued
        values.append(layout.format(*digits))

    assert nhs_numbers_valid(values) == [nhs_number_valid(value) for value in values]
    assert sum(nhs_numbers_valid(values)) > 900


@pytest.mark.parametrize("layout", ["{}{}{}{}{} {}{}{}{}{}{}", "{}{}{} {}{}{}{} {}{}{}{}", "{}{}{}{}{}{}{}{}{}{}{}",
                                    "{}{}{}{}{}{}{}{}{}{}"])
def test_uk_phone_numbers_match_the_one_value_check(layout: str) -> None:
    generator = random.Random(4)
    prefixes = ["07", "01", "02", "00", "09", "44", "04", "08", "05", "03"]
    values = [layout.format(*(generator.choice(prefixes) + _digits(generator, layout.count("{}") - 2)))
              for _ in range(3000)]

    assert uk_phones_valid(values) == [uk_phone_valid(value) for value in values]
    assert 0 < sum(uk_phones_valid(values)) < len(values)


def test_values_not_written_uniformly_are_left_to_the_one_value_checks() -> None:
    generator = random.Random(5)
    same = [nhs_number(generator) for _ in range(100)]

    assert nhs_numbers_valid(same[:10]) is None  # too few to be worth an array
    assert nhs_numbers_valid(same[:99] + ["9434 765 919"]) is None  # digits in other places
    assert nhs_numbers_valid(same[:99] + ["943 476 591"]) is None  # a different length
    assert uk_phones_valid([f"+44 7700 900{n:03d}" for n in range(100)]) is None
    assert nhs_numbers_valid([value.replace("1", "\u0661") for value in same]) is None  # not ASCII


@pytest.mark.parametrize("layout", ["{:02d}/{:02d}/{:04d}", "{:02d}-{:02d}-{:04d}", "{:04d}-{:02d}-{:02d}",
                                    "{:02d}.{:02d}.{:04d}"])
def test_dates_match_the_one_value_check(layout: str) -> None:
    generator = random.Random(5)
    values = [layout.format(generator.randint(0, 39), generator.randint(0, 14), generator.randint(1850, 2150))
              for _ in range(3000)]

    checked = dates_valid(values)

    assert checked == [date_valid(value) for value in values]
    assert 0 < sum(checked) < len(values)  # both answers occur


def test_dates_not_written_alike_are_left_to_the_one_value_check() -> None:
    assert dates_valid(["12/05/1980 "] * 100) is None  # not three runs of digits ending the value
    assert dates_valid(["12 05 1980"] * 100) is None  # spaces do not separate dates
    assert dates_valid(["12/05/1980", "2/05/19801"] * 50) is None


def test_the_grid_of_a_pyarrow_column_is_its_characters() -> None:
    values = pa.array(["943 476 5919", "401 023 2137"] * 40)

    grid = character_grid(values.slice(2))

    assert grid is not None and grid.shape == (78, 12)
    assert bytes(grid[0]).decode() == "943 476 5919"
    assert character_grid(pa.array(["a", "bb"] * 40)) is None
    assert character_grid(pa.array(["é1"] * 80)) is None
