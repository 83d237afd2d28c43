"""The open-data API's shape as an OpenAPI 3.1 document, served at /api/v1/openapi.json.

Written by hand, next to the views it describes (reports.api); tests/reports/test_api_schema.py validates
every real answer against it (objects are closed: a key the document does not name fails), so the two
cannot drift apart.
"""

from django.urls import reverse

from core.sites import absolute_url


def _string(description=None, fmt=None, nullable=False):
    schema = {"type": ["string", "null"] if nullable else "string"}
    if fmt:
        schema["format"] = fmt
    if description:
        schema["description"] = description
    return schema


def _integer(description=None, nullable=False):
    schema = {"type": ["integer", "null"] if nullable else "integer", "minimum": 0}
    if description:
        schema["description"] = description
    return schema


def _object(properties, description=None, nullable=False, optional=()):
    schema = {"type": ["object", "null"] if nullable else "object", "properties": properties,
              "required": [name for name in properties if name not in optional], "additionalProperties": False}
    if description:
        schema["description"] = description
    return schema


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def _array(items):
    return {"type": "array", "items": items}


LINK = _string("Địa chỉ tuyệt đối", "uri")
TIME = _string("Thời điểm theo giờ Việt Nam, đến giây, kèm múi giờ: 2020-01-05T08:00:00+07:00", "date-time",
               nullable=True)

PAGE_FIELDS = {
    "tong_so": _integer("Số bản ghi"), "trang": _integer(), "so_trang": _integer(),
    "trang_sau": _string(fmt="uri", nullable=True), "trang_truoc": _string(fmt="uri", nullable=True),
}
PLAN_FIELDS = {
    "duong_dan": _string("Đường dẫn (slug)"), "so_ky_hieu": _string("Ví dụ 15/KH-UBND", nullable=True),
    "ten": _string(), "nam": _integer(), "ngay_ban_hanh": _string(fmt="date", nullable=True),
    "co_quan_ban_hanh": _ref("CoQuan"), "trich_yeu": _string(nullable=True), "cong_khai_luc": TIME,
    "trang_web": LINK, "api": LINK,
}
REPORT_FIELDS = {
    "duong_dan": _string("Đường dẫn (slug)"), "so_ky_hieu": _string("Ví dụ 45/BC-UBND", nullable=True),
    "ten": _string(), "ngay_bao_cao": _string(fmt="date"), "ky_bao_cao": _string("Năm, 6 tháng, Quý, …"),
    "tu_ngay": _string(fmt="date", nullable=True), "den_ngay": _string(fmt="date", nullable=True),
    "co_quan_ban_hanh": _ref("CoQuan"), "ke_hoach": _string("Đường dẫn của kế hoạch", nullable=True),
    "trich_yeu": _string(nullable=True), "cong_khai_luc": TIME, "so_lieu_tinh_den": TIME,
    "trang_web": LINK, "api": LINK,
}
INCLUDES = _array(_string("Đơn vị đã thôi hoạt động có số liệu được tính vào dòng này, kèm tỷ lệ khi chia tách"))
INCLUDES["description"] = "Chỉ khi don-vi=hien-nay"
COMPLETION_FIELDS = {"so_nhiem_vu": _integer(), "so_hoan_thanh": _integer(),
                     "ty_le_hoan_thanh": _integer("Phần trăm", nullable=True)}

SCHEMAS = {
    "Loi": _object({"loi": _string("Lý do, bằng tiếng Việt")}),
    "MucLuc": _object({"ten": _string(), "ke_hoach": LINK, "bao_cao": LINK, "luoc_do": LINK, "ghi_chu": _string()}),
    "CoQuan": _object({"ten": _string(), "ten_viet_tat": _string(nullable=True)}, nullable=True),
    "KeHoachTomTat": _object(PLAN_FIELDS),
    "BaoCaoTomTat": _object(REPORT_FIELDS),
    "DanhSachKeHoach": _object({**PAGE_FIELDS, "ket_qua": _array(_ref("KeHoachTomTat"))}),
    "DanhSachBaoCao": _object({**PAGE_FIELDS, "ket_qua": _array(_ref("BaoCaoTomTat"))}),
    "KetQuaHinhThuc": _object({
        "ten": _string("Hình thức tuyên truyền"), "don_vi_tinh": _string(), "ma": _string(),
        "so_luong": _integer("Theo đơn vị tính của hình thức: không cộng giữa các hình thức"),
        "so_hoat_dong": _integer(), "so_nguoi_tham_du": _integer("Lượt người"), "so_giai": _integer(),
    }),
    "NhiemVu": _object({
        "ten": _string(), "chi_tieu": _integer("Trống: nhiệm vụ định tính", nullable=True),
        "thuc_hien_trong_ky": _integer("Chỉ trong báo cáo; trống khi báo cáo chốt trước khi có số này",
                                       nullable=True),
        "luy_ke": _integer("Lũy kế đến cuối kỳ (kế hoạch: đến nay)", nullable=True),
        "don_vi_tinh": _string(nullable=True), "ty_le_hoan_thanh": _integer("Phần trăm"),
        "trang_thai": {"type": "string", "enum": ["", "not_started", "in_progress", "done"]},
        "ten_trang_thai": _string("Chưa thực hiện / Đang thực hiện / Hoàn thành"),
        "thoi_han": _string(fmt="date", nullable=True), "co_quan_chu_tri": _string(),
        "qua_han": {"type": "boolean"},
    }, optional=("thuc_hien_trong_ky",)),
    "KeHoach": _object({
        **PLAN_FIELDS, "nhiem_vu": _array(_ref("NhiemVu")), "hoan_thanh_nhiem_vu": _object(COMPLETION_FIELDS),
        "ket_qua_theo_hinh_thuc": _array(_ref("KetQuaHinhThuc")), "bao_cao": _array(LINK),
    }),
    "BaoCao": _object({**REPORT_FIELDS, "so_lieu": _ref("SoLieu")}),
    "SoLieu": _object({
        "tong_hop": _object({"so_hoat_dong": _integer(), "so_nguoi_tham_du": _integer(), "so_co_quan": _integer()}),
        "theo_hinh_thuc": _array(_ref("KetQuaHinhThuc")),
        "theo_co_quan": _array(_object({"ten": _string(), "ten_viet_tat": _string(), "so_hoat_dong": _integer(),
                                        "so_nguoi_tham_du": _integer(), "gom_so_lieu_cua": INCLUDES},
                                       optional=("gom_so_lieu_cua",))),
        "theo_co_quan_va_hinh_thuc": _array(_object({
            "co_quan": _string(), "hinh_thuc": _string(), "don_vi_tinh": _string(), "so_luong": _integer(),
            "so_hoat_dong": _integer(), "gom_so_lieu_cua": INCLUDES}, optional=("gom_so_lieu_cua",))),
        "theo_thang": _array(_object({"thang": _string("2019-04"), "nhan": _string("04/2019"),
                                      "so_hoat_dong": _integer(), "so_nguoi_tham_du": _integer()})),
        "hoan_thanh_nhiem_vu": _object({
            "tu_ngay": _string(fmt="date", nullable=True), "den_ngay": _string(fmt="date", nullable=True),
            **COMPLETION_FIELDS, "nhiem_vu": _array(_ref("NhiemVu"))}, nullable=True),
        "tinh_lai": _object({
            "nhan": _string("Tính lại theo đơn vị hiện nay"), "cach_tinh": _string(),
            "chua_khai_ty_le": _array(_string("Một lần chia tách chưa khai tỷ lệ kế thừa: toàn bộ số liệu được "
                                              "tính cho đơn vị kế thừa đầu tiên"))},
            "Chỉ khi don-vi=hien-nay: theo_co_quan, theo_co_quan_va_hinh_thuc và tong_hop.so_co_quan được tính "
            "lại theo đơn vị hiện nay; các tổng số không đổi"),
    }, "Số liệu đã chốt khi công khai (don-vi=hien-nay: số liệu theo cơ quan tính lại theo đơn vị hiện nay)",
        optional=("tinh_lai",)),
}

HEADERS = {
    "Cache-Control": {"description": "public, max-age=300 (mọi câu trả lời)", "schema": {"type": "string"}},
    "Access-Control-Allow-Origin": {"description": "*", "schema": {"type": "string"}},
}


def _json_response(description, schema, etag=True):
    headers = dict(HEADERS)
    if etag:
        headers["ETag"] = {"description": "Gửi lại trong If-None-Match để nhận 304", "schema": {"type": "string"}}
    return {"description": description, "headers": headers,
            "content": {"application/json": {"schema": schema}}}


ERRORS = {
    "404": _json_response("Không có hoặc chưa công khai", _ref("Loi"), etag=False),
    "301": {"description": "Đường dẫn đã đổi: Location là địa chỉ mới", "headers": HEADERS},
}
PAGE = {"name": "trang", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1},
        "description": "Trang (50 bản ghi một trang)"}
SLUG = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"}}
UNITS = {"name": "don-vi", "in": "query",
         "schema": {"type": "string", "enum": ["khi-bao-cao", "hien-nay"], "default": "khi-bao-cao"},
         "description": "Số liệu theo cơ quan: khi-bao-cao (như đã báo cáo) hoặc hien-nay (tính lại theo đơn vị "
                        "hiện nay: số liệu của đơn vị đã sáp nhập, chia tách, đổi tên được tính cho đơn vị kế thừa; "
                        "tổng số không đổi)"}
NOT_MODIFIED = {"304": {"description": "Không đổi so với ETag đã gửi", "headers": HEADERS}}


def _get(summary, ok, *, parameters=(), errors=ERRORS):
    """A path's GET and its CORS preflight. Path parameters belong to the path, so that every operation
    on it (the OPTIONS one too) declares them; query parameters only to the GET."""
    in_path = [p for p in parameters if p["in"] == "path"]
    return {**({"parameters": in_path} if in_path else {}),
            "get": {"summary": summary, "parameters": [p for p in parameters if p["in"] != "path"],
                    "responses": {"200": ok, **NOT_MODIFIED, **errors}},
            "options": {"summary": "Preflight CORS", "responses": {"204": {"description": "Cho phép GET, HEAD",
                                                                          "headers": HEADERS}}}}


def document():
    bad_request = {"400": _json_response("Tham số sai", _ref("Loi"), etag=False)}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Dữ liệu mở — Cổng thông tin tuyên truyền cải cách hành chính",
            "version": "1",
            "description": "Chỉ đọc; chỉ kế hoạch và báo cáo đã công khai. Khóa tiếng Việt; ngày theo ISO 8601, "
                           "giờ Việt Nam (+07:00). Mỗi hình thức tuyên truyền tính theo đơn vị riêng: không cộng "
                           "số lượng giữa các hình thức.",
        },
        "servers": [{"url": absolute_url(reverse("api:index")).rstrip("/")}],
        "paths": {
            "/": _get("Mục lục", _json_response("Các địa chỉ của API", _ref("MucLuc")), errors={}),
            "/ke-hoach/": _get("Kế hoạch đã công khai", _json_response("Một trang", _ref("DanhSachKeHoach")),
                               parameters=[PAGE, {"name": "nam", "in": "query", "schema": {"type": "integer"},
                                                  "description": "Năm của kế hoạch, ví dụ 2019"}],
                               errors={**bad_request, "404": ERRORS["404"]}),
            "/ke-hoach/{slug}/": _get("Một kế hoạch: nhiệm vụ, tiến độ, kết quả theo hình thức",
                                      _json_response("Kế hoạch", _ref("KeHoach")), parameters=[SLUG]),
            "/bao-cao/": _get("Báo cáo đã công khai", _json_response("Một trang", _ref("DanhSachBaoCao")),
                              parameters=[PAGE], errors={**bad_request, "404": ERRORS["404"]}),
            "/bao-cao/{slug}/": _get("Một báo cáo và số liệu đã chốt", _json_response("Báo cáo", _ref("BaoCao")),
                                     parameters=[SLUG, UNITS], errors={**bad_request, **ERRORS}),
            "/openapi.json": _get("Tài liệu này", {"description": "OpenAPI 3.1", "headers": HEADERS,
                                                   "content": {"application/json": {"schema": {"type": "object"}}}},
                                  errors={}),
        },
        "components": {"schemas": SCHEMAS},
    }
