"""core.numbers: the one rule for a percentage, and whole numbers as officers type them."""

import pytest

from core.numbers import percent


@pytest.mark.parametrize("part, whole, expected", [
    (548, 550, 99), (549, 550, 99), (550, 550, 100), (199, 200, 99), (1, 3, 33), (2, 3, 66), (285, 550, 51),
    (0, 550, 0), (600, 550, 109), (7, 0, None),
])
def test_a_percentage_is_floored_so_it_never_reads_100_short_of_the_whole(part, whole, expected):
    assert percent(part, whole) == expected
