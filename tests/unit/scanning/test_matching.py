"""The shortcuts (plans by value shape, whole-value checks, repeated values counted once) find exactly
what searching every value with every pattern finds."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable

import pytest

from governance.scanning.analysis import ColumnStats
from governance.scanning.matching import tally_chunk
from governance.scanning.recognisers import context_flags
from governance.scanning.synthetic import nhs_number


def _corpus(seed: int) -> list[str]:
    generator = random.Random(seed)
    makers = value_makers(generator)
    return [generator.choice(makers)() for _ in range(3000)]


def value_makers(generator: random.Random) -> list[Callable[[], str]]:
    """Makers of the kinds of value council columns hold, identifiers and look-alikes."""
    return [
        lambda: nhs_number(generator),
        lambda: nhs_number(generator).replace(" ", ""),
        lambda: "".join(str(generator.randint(0, 9)) for _ in range(10)),
        lambda: f"07700 900{generator.randint(0, 999):03d}",
        lambda: f"+44 7700 900{generator.randint(0, 999):03d}",
        lambda: f"person{generator.randint(0, 99)}@example.com",
        lambda: generator.choice(["SW1A 1AA", "M1 1AE", "QW1 1AA", "GIR 0AA"]),
        lambda: f"{generator.randint(1, 28):02d}/{generator.randint(1, 13):02d}/19{generator.randint(30, 99)}",
        lambda: f"{generator.randint(1, 9999)}.{generator.randint(0, 99):02d}",
        lambda: f"ORD-{generator.randint(0, 999999):06d}",
        lambda: "4111 1111 1111 1111",
        lambda: "".join(str(generator.randint(0, 9)) for _ in range(generator.choice([5, 9, 12]))),
        lambda: f"Called on 020 7946 {generator.randint(1000, 9999)}, NHS number {nhs_number(generator)}",
        lambda: "AB 12 34 56 C",
        lambda: "192.168.1.20",
        lambda: "Bin collection query",
        lambda: f"UPRN {generator.randint(10 ** 9, 10 ** 12)}",
        lambda: f"Born {generator.randint(1, 28):02d}/05/1980, passport 12345678{generator.randint(0, 9)}",
    ]


def _summary(tallies):
    return {entity: (tally.valid_indexes().tolist(), tally.rejected_indexes().tolist(), tally.max_score)
            for entity, tally in tallies.items()}


@pytest.mark.parametrize("column", ["", "phone", "nhs number", "date of birth", "uprn", "passport number", "notes"])
@pytest.mark.parametrize("seed", [1, 2])
def test_plans_by_shape_find_what_searching_everything_finds(column: str, seed: int) -> None:
    values = _corpus(seed)
    flags = context_flags(column)

    assert _summary(tally_chunk(values, flags)) == _summary(tally_chunk(values, flags, plan_by_shape=False))


@pytest.mark.parametrize("seed", [1, 2])
def test_a_structured_column_is_planned_the_same_way(seed: int) -> None:
    generator = random.Random(seed)
    values = [nhs_number(generator) for _ in range(2000)] + ["".join(str(generator.randint(0, 9)) for _ in range(10))
                                                            for _ in range(2000)]
    flags = context_flags("nhs number")

    planned = tally_chunk(values, flags)
    assert _summary(planned) == _summary(tally_chunk(values, flags, plan_by_shape=False))
    assert len(planned["UK_NHS"].valid) >= 2000


def test_repeated_values_count_once_per_row() -> None:
    values = ["SW1A 1AA"] * 500 + ["M1 1AE"] * 300 + ["Housing"] * 200 + ["QW1 1AA"] * 100
    repeated, one_by_one = ColumnStats("postcode", "postcode"), ColumnStats("postcode", "postcode")
    repeated.add_chunk(values)
    for value in values:
        one_by_one.add_chunk([value])

    assert repeated.entities["UK_POSTCODE"].count == one_by_one.entities["UK_POSTCODE"].count == 800
    assert repeated.rows == one_by_one.rows == 1100


def test_repeated_category_values_are_weighted() -> None:
    values = ["Diabetes"] * 40 + ["None"] * 60 + ["Patient has asthma and uses an inhaler daily"] * 10
    stats = ColumnStats("support", "support")
    stats.add_chunk(values)

    assert stats.whole_categories == Counter({"health": 40})
    assert stats.contained_categories == Counter({"health": 10})


def test_rows_become_columns_whatever_cells_are_missing_or_new() -> None:
    from governance.scanning.analysis import _Chunk

    generator = random.Random(7)
    rows = []
    for index in range(2000):
        row = {name: f"{name}-{index}" for name in ("a", "b", "c") if generator.random() > 0.1}
        if index > 500 and generator.random() < 0.3:
            row["late"] = f"late-{index}"  # a column that appears part-way through (JSON, ragged CSV)
        rows.append(row)
    chunk, expected = _Chunk(), {}
    for row in rows:
        chunk.add(row)
        for name, value in row.items():
            expected.setdefault(name, []).append(value)

    taken = chunk.take()

    assert {name: sorted(values) for name, values in taken.items()} == {
        name: sorted(values) for name, values in expected.items()}
    assert chunk.names == list(expected)
    assert chunk.take() == {}


def test_a_single_column_file_is_read_whole() -> None:
    from governance.scanning.analysis import _Chunk

    chunk = _Chunk()
    for value in ("one", "two", "three"):
        chunk.add({"text": value})

    assert chunk.take() == {"text": ["one", "two", "three"]}
