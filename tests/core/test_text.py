"""Vietnamese order (core.text.vietnamese_sort_key): the alphabet's own letters (ă â đ ê ô ơ ư), tones only
between words otherwise equal, as PostgreSQL's ICU collation "vi-x-icu" orders them."""

from core.text import vietnamese_sort_key

# The order PostgreSQL 15 (ICU) gives these with ORDER BY … COLLATE "vi-x-icu", checked by hand too: a root
# (Unicode) order would put "Ân Thi" before "Anh Sơn", "Cơ quan" before "Công an", "Ưng Hòa" before
# "Ủy ban", "Đài" before "Dân".
IN_ORDER = [
    "An Phú", "Anh Sơn", "Ăn uống", "Ân Thi", "Ban Dân tộc", "Báo ảnh Đất Mũi", "Báo Cà Mau", "Bến Tre",
    "Bệnh viện", "Công an tỉnh", "Cổng thông tin", "Cơ quan", "Dân tộc", "Du", "Dư", "Dữ", "Dự",
    "Đài Phát thanh - Truyền hình", "Điện lực", "Ea Súp", "Hỏa", "Hóa", "Hoà Bình", "Hòa Bình", "ma", "Ma",
    "MA", "Mà", "Mả", "Mã", "Má", "Mạ", "Sở Nội vụ", "Sở Tài chính", "UBND phường 1", "UBND phường 10",
    "UBND phường 2", "UBND xã Đất Mũi", "Uông Bí", "Ủy ban nhân dân", "Ưng Hòa", "Văn phòng UBND",
]


def test_names_sort_the_vietnamese_way():
    assert sorted(reversed(IN_ORDER), key=vietnamese_sort_key) == IN_ORDER
    assert sorted(IN_ORDER[::3] + IN_ORDER[1::3] + IN_ORDER[2::3], key=vietnamese_sort_key) == IN_ORDER


def test_the_same_name_in_composed_or_decomposed_form_sorts_alike_and_none_is_an_empty_name():
    assert vietnamese_sort_key("Đài")[0] == vietnamese_sort_key("\u0110a\u0300i")[0]
    assert sorted(["Ban", None, "An"], key=vietnamese_sort_key) == [None, "An", "Ban"]
