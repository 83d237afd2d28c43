"""core.numbers: the one rule for a percentage, and whole numbers as officers type them."""

import pytest

from core.numbers import NumberError, parse_whole_number, percent


@pytest.mark.parametrize("part, whole, expected", [
    (548, 550, 99), (549, 550, 99), (550, 550, 100), (199, 200, 99), (1, 3, 33), (2, 3, 66), (285, 550, 51),
    (0, 550, 0), (600, 550, 109), (7, 0, None),
])
def test_a_percentage_is_floored_so_it_never_reads_100_short_of_the_whole(part, whole, expected):
    assert percent(part, whole) == expected


@pytest.mark.parametrize("text", ["9" * 5000, "9" * 11, "1" + ".000" * 2000, "2147483648"])
def test_a_whole_number_is_bounded_before_int_reads_it(text):
    with pytest.raises(NumberError) as error:
        parse_whole_number(text)
    assert (error.value.code, str(error.value.message)) == ("too_large", "quá lớn (tối đa 2.147.483.647)")


@pytest.mark.parametrize("text, number", [("2147483647", 2_147_483_647), ("2.147.483.647", 2_147_483_647),
                                          ("0" * 5000 + "12", 12), ("0", 0)])
def test_the_largest_whole_number_and_leading_zeros_still_read(text, number):
    assert parse_whole_number(text) == number
