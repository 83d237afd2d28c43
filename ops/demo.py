"""The Cà Mau 2019 case, from the article in the seed folder, written as code — and the merged Cà Mau of
2026 after the reform of 1/7/2025 (the second story: AGENCIES_2026, AGENCY_CHANGES, and PLAN_2026 on).

The article gives these figures, which the demo reproduces exactly: the radio-TV station broadcast 574
topics (đề tài) and held 10 talk shows (tọa đàm); Báo Cà Mau and Báo ảnh Đất Mũi ran 40 issues (kỳ);
the contest "Đề xuất giải pháp CCHC năm 2019" had 51 contestants and 7 prize winners; 100% of planned
tasks were done. How the totals split over months and between the two papers, the plan's number and
the quantities of the qualitative tasks are not in the article: they are illustrative and say so."""

import datetime as dt

ILLUSTRATIVE = "Số liệu minh họa (bài viết nguồn không nêu chi tiết)."

# The merged Cà Mau (from 1/7/2025): Bạc Liêu's People's Committee and one of its districts, closed, and
# the communes that succeeded four old districts (AGENCY_CHANGES). Codes and names from the National
# Statistics Office's list as packaged in `vietnam-provinces` 2025.10.1 (vietnam_provinces/data/
# nested-divisions.json, province 96: 64 communes); only the communes used here are written down.
COMMUNE_FROM = dt.date(2025, 7, 1)
COMMUNES_2026 = [
    # key, name, short name, official code (5 digits, Quyết định 19/2025/QĐ-TTg)
    ("p_anxuyen", "UBND phường An Xuyên", "Phường An Xuyên", "32002"),
    ("p_lyvanlam", "UBND phường Lý Văn Lâm", "Phường Lý Văn Lâm", "32014"),
    ("p_tanthanh", "UBND phường Tân Thành", "Phường Tân Thành", "32025"),
    ("p_hoathanh", "UBND phường Hòa Thành", "Phường Hòa Thành", "32041"),
    ("x_tranvanthoi", "UBND xã Trần Văn Thời", "Xã Trần Văn Thời", "32095"),
    ("x_songdoc", "UBND xã Sông Đốc", "Xã Sông Đốc", "32098"),
    ("x_dabac", "UBND xã Đá Bạc", "Xã Đá Bạc", "32104"),
    ("x_khanhbinh", "UBND xã Khánh Bình", "Xã Khánh Bình", "32110"),
    ("x_khanhhung", "UBND xã Khánh Hưng", "Xã Khánh Hưng", "32119"),
    ("x_namcan", "UBND xã Năm Căn", "Xã Năm Căn", "32191"),
    ("x_datmoi", "UBND xã Đất Mới", "Xã Đất Mới", "32201"),
    ("x_tamgiang", "UBND xã Tam Giang", "Xã Tam Giang", "32206"),
    ("p_baclieu", "UBND phường Bạc Liêu", "Phường Bạc Liêu", "31825"),
    ("p_vinhtrach", "UBND phường Vĩnh Trạch", "Phường Vĩnh Trạch", "31834"),
    ("p_hiepthanh", "UBND phường Hiệp Thành", "Phường Hiệp Thành", "31840"),
]
AGENCIES_2026 = [
    ("baclieu", "UBND tỉnh Bạc Liêu", "UBND tỉnh Bạc Liêu", "ubnd_tinh", None, False),
    ("tpbl", "UBND thành phố Bạc Liêu", "UBND TP Bạc Liêu", "cap_huyen", "baclieu", False),
    *((key, name, short, "cap_xa", "ubnd", True) for key, name, short, _code in COMMUNES_2026),
]

AGENCIES = [
    # key, name, short name, kind, parent key, active
    ("ubnd", "UBND tỉnh Cà Mau", "UBND tỉnh", "ubnd_tinh", None, True),
    ("vp", "Văn phòng UBND tỉnh Cà Mau", "Văn phòng UBND tỉnh", "so_nganh", "ubnd", True),
    ("noivu", "Sở Nội vụ tỉnh Cà Mau", "Sở Nội vụ", "so_nganh", "ubnd", True),
    ("tuphap", "Sở Tư pháp tỉnh Cà Mau", "Sở Tư pháp", "so_nganh", "ubnd", True),
    # Merged into the Department of Science and Technology on 1 March 2025; kept for old data.
    ("tttt", "Sở Thông tin và Truyền thông tỉnh Cà Mau", "Sở TT&TT", "so_nganh", "ubnd", False),
    ("dai", "Đài Phát thanh – Truyền hình Cà Mau", "Đài PT-TH Cà Mau", "bao_chi", "ubnd", True),
    ("baocm", "Báo Cà Mau", "Báo Cà Mau", "bao_chi", "ubnd", True),
    ("datmui", "Báo ảnh Đất Mũi", "Báo ảnh Đất Mũi", "bao_chi", "ubnd", True),
    ("ttgq", "Trung tâm Giải quyết thủ tục hành chính tỉnh Cà Mau", "Trung tâm Giải quyết TTHC tỉnh",
     "so_nganh", "vp", True),
    ("congdoan", "Công đoàn Viên chức tỉnh Cà Mau", "Công đoàn Viên chức tỉnh", "khac", None, True),
    # District level, abolished on 1 July 2025: present in 2019 data, inactive today.
    ("tpcm", "UBND thành phố Cà Mau", "UBND TP Cà Mau", "cap_huyen", "ubnd", False),
    ("tvt", "UBND huyện Trần Văn Thời", "UBND huyện Trần Văn Thời", "cap_huyen", "ubnd", False),
    ("namcan", "UBND huyện Năm Căn", "UBND huyện Năm Căn", "cap_huyen", "ubnd", False),
    *AGENCIES_2026,
]

# What is known of the demo's agencies beyond their names (issue 24): the province's code (96, the same in
# the list of Quyết định 124/2004/QĐ-TTg and in that of Quyết định 19/2025/QĐ-TTg, as the National
# Statistics Office's list packaged as `vietnam-provinces` 2025.10.1 holds it) and the days the closed ones
# existed to: the districts until 30/6/2025 (two-tier local government from 1/7/2025), Sở TT&TT until
# 28/02/2025 (Nghị định 45/2025/NĐ-CP, from 1/3/2025). The districts' old 3-digit codes are left empty: not
# checked against an official source here (nor Bạc Liêu's). The closed units' last day is also what the
# change events below record (agency_change_record checks that it is the day before the effective date).
AGENCY_FACTS = {
    "ubnd": {"official_code": "96"},
    "tttt": {"existed_to": dt.date(2025, 2, 28)},
    "tpcm": {"existed_to": dt.date(2025, 6, 30)},
    "tvt": {"existed_to": dt.date(2025, 6, 30)},
    "namcan": {"existed_to": dt.date(2025, 6, 30)},
    "baclieu": {"existed_to": dt.date(2025, 6, 30)},
    "tpbl": {"existed_to": dt.date(2025, 6, 30)},
    **{key: {"official_code": code, "existed_from": COMMUNE_FROM} for key, _n, _s, code in COMMUNES_2026},
}

# The change events of 1/7/2025, recorded through agencies.changes.agency_change_record (as staff would in
# the admin). The province merge is Nghị quyết 202/2025/QH15's (Bạc Liêu and Cà Mau become the province of
# Cà Mau, code 96). Which new communes succeed which old district is ILLUSTRATIVE: taken from the
# `vietnamadminunits` 1.0.4 package's data (MIT; its map of each old commune to the new one that took
# its whole territory), not checked against the text of Nghị quyết 1655/NQ-UBTVQH15; a commune split
# between districts (e.g. xã Lợi An of Trần Văn Thời, partly in phường Lý Văn Lâm) is left out. Only the
# three districts of the 2019 data and one of Bạc Liêu are recorded. No share is declared: a district's
# old figures stay with its first successor, the commune that carries its name or its centre.
SUCCESSION_NOTE = ("Đơn vị kế thừa minh họa: theo dữ liệu gói vietnamadminunits 1.0.4 (các xã, phường mới nhận "
                   "trọn địa bàn xã cũ của huyện), chưa đối chiếu với văn bản Nghị quyết 1655/NQ-UBTVQH15.")
AGENCY_CHANGES = [
    # kind, effective date, legal basis, sources, successors (in order: a split's figures stay with the first), note
    ("merge", COMMUNE_FROM, "Nghị quyết 202/2025/QH15", ["baclieu"], ["ubnd"],
     "Sắp xếp đơn vị hành chính cấp tỉnh: tỉnh Bạc Liêu và tỉnh Cà Mau hợp nhất thành tỉnh Cà Mau (mã 96)."),
    ("split", COMMUNE_FROM, "Nghị quyết 1655/NQ-UBTVQH15", ["tpcm"],
     ["p_anxuyen", "p_lyvanlam", "p_tanthanh", "p_hoathanh"], SUCCESSION_NOTE),
    ("split", COMMUNE_FROM, "Nghị quyết 1655/NQ-UBTVQH15", ["tvt"],
     ["x_tranvanthoi", "x_songdoc", "x_dabac", "x_khanhbinh", "x_khanhhung"], SUCCESSION_NOTE),
    ("split", COMMUNE_FROM, "Nghị quyết 1655/NQ-UBTVQH15", ["namcan"], ["x_namcan", "x_datmoi", "x_tamgiang"],
     SUCCESSION_NOTE),
    ("split", COMMUNE_FROM, "Nghị quyết 1655/NQ-UBTVQH15", ["tpbl"], ["p_baclieu", "p_vinhtrach", "p_hiepthanh"],
     SUCCESSION_NOTE),
]

PLAN = {
    "slug": "ke-hoach-tuyen-truyen-cchc-2019",
    "title": "Kế hoạch thông tin, tuyên truyền cải cách hành chính tỉnh Cà Mau năm 2019",
    "year": 2019,
    "document_number": "15/KH-UBND",
    "issuing_agency": "ubnd",
    "issued_on": dt.date(2019, 1, 25),
    "summary": (
        "Tuyên truyền nâng cao nhận thức, trách nhiệm của các cấp, các ngành, cán bộ, công chức, viên chức "
        "và nhân dân về công tác cải cách thủ tục hành chính và kiểm soát thủ tục hành chính; nâng cao thái "
        "độ phục vụ người dân, doanh nghiệp."
    ),
    "body": (
        "<h2>I. Mục đích, yêu cầu</h2>"
        "<p>Tiếp tục tuyên truyền nâng cao nhận thức, trách nhiệm của các cấp, các ngành, cán bộ, công chức, "
        "viên chức và nhân dân về công tác cải cách thủ tục hành chính và kiểm soát thủ tục hành chính.</p>"
        "<p>Tuyên truyền nâng cao tính chuyên nghiệp, tinh thần, thái độ phục vụ, văn hóa giao tiếp; chất "
        "lượng, hiệu quả giải quyết công việc của cán bộ, công chức, viên chức; đảm bảo quyền giám sát của "
        "nhân dân, doanh nghiệp đối với trách nhiệm của cơ quan giải quyết thủ tục hành chính.</p>"
        "<p>Phát huy vai trò của các cơ quan truyền thông, báo chí trong việc tuyên truyền rộng rãi về vai trò "
        "quan trọng của công tác cải cách hành chính; phản ánh chính xác, kịp thời những mặt tích cực hoặc chưa "
        "hiệu quả của tổ chức và cá nhân trong thực hiện nhiệm vụ.</p>"
        "<h2>II. Nội dung tuyên truyền</h2>"
        "<ul><li>Hiệu quả, phương thức hoạt động, giải quyết thủ tục hành chính ở Trung tâm Giải quyết TTHC "
        "tỉnh và bộ phận tiếp nhận và trả kết quả cấp huyện, cấp xã;</li>"
        "<li>Các nội dung về công khai, minh bạch;</li>"
        "<li>Đẩy mạnh tuyên truyền sử dụng dịch vụ công trực tuyến để nhân dân và doanh nghiệp biết, tiếp "
        "cận, sử dụng.</li></ul>"
        "<h2>III. Hình thức tuyên truyền</h2>"
        "<p>Thông qua các phương tiện thông tin đại chúng; treo băng rôn; tọa đàm, hội thảo và sinh hoạt câu "
        "lạc bộ pháp luật; qua các cuộc họp giao ban; hội thi; đối thoại trực tiếp với người dân, doanh "
        "nghiệp.</p>"
    ),
}

# key, title, channel code (None = qualitative), lead, coordinating, target, deadline
TASKS = [
    ("ptth", "Xây dựng, phát sóng chuyên mục, đề tài về cải cách hành chính trên sóng phát thanh, truyền hình tỉnh",
     "phat-thanh-truyen-hinh", "dai", [], 550, dt.date(2019, 12, 31)),
    ("toadam", "Tổ chức tọa đàm về cải cách hành chính trên sóng phát thanh, truyền hình",
     "toa-dam-hoi-thao", "dai", ["vp"], 10, dt.date(2019, 12, 31)),
    ("baochi", "Thực hiện chuyên trang, chuyên mục cải cách hành chính trên Báo Cà Mau, Báo ảnh Đất Mũi",
     "bao-in-bao-anh", "baocm", ["datmui"], 40, dt.date(2019, 12, 31)),
    ("hoithi", "Tổ chức Hội thi “Đề xuất giải pháp cải cách hành chính năm 2019”",
     "hoi-thi-cuoc-thi", "vp", ["congdoan"], 1, dt.date(2019, 11, 30)),
    ("dvc", "Tuyên truyền, hướng dẫn sử dụng dịch vụ công trực tuyến tại Trung tâm Giải quyết TTHC tỉnh "
     "(hình ảnh trực quan, tờ tuyên truyền, đối thoại trực tiếp với người dân, doanh nghiệp)",
     None, "ttgq", ["vp"], None, dt.date(2019, 12, 31)),
    ("web", "Tuyên truyền cải cách hành chính trên trang thông tin điện tử, đài truyền thanh cấp huyện",
     None, "noivu", ["tttt", "tpcm", "tvt", "namcan"], None, dt.date(2019, 12, 31)),
    ("bangron", "Treo băng rôn, khẩu hiệu tuyên truyền cải cách hành chính",
     None, "vp", ["tpcm"], None, dt.date(2019, 6, 30)),
    ("clb", "Lồng ghép tuyên truyền cải cách hành chính trong sinh hoạt câu lạc bộ pháp luật, họp giao ban",
     None, "tuphap", ["noivu"], None, dt.date(2019, 12, 31)),
]

# Monthly broadcasts: 574 topics over the year (the split by month is illustrative).
BROADCASTS_BY_MONTH = [46, 47, 48, 48, 48, 48, 48, 48, 48, 48, 48, 49]
TALK_SHOW_TOPICS = [
    "Cải cách thủ tục hành chính – hướng tới sự hài lòng của người dân",
    "Dịch vụ công trực tuyến: lợi ích cho người dân, doanh nghiệp",
    "Văn hóa công vụ và thái độ phục vụ của cán bộ, công chức",
    "Cơ chế một cửa, một cửa liên thông tại Trung tâm Giải quyết TTHC tỉnh",
    "Công khai, minh bạch trong giải quyết thủ tục hành chính",
    "Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)",
    "Cải cách hành chính cấp xã: kết quả và hạn chế",
    "Ứng dụng công nghệ thông tin trong cơ quan nhà nước",
    "Chỉ số cải cách hành chính (PAR INDEX) của tỉnh",
    "Người dân giám sát việc giải quyết thủ tục hành chính",
]


def _in_2019_window(date):
    """The yearly data window closes on 14/12 (581/BNV-CCHC): December's illustrative dates fall by then,
    so the 2019 report and its periods cover every activity."""
    return date.replace(day=14) if date.month == 12 and date.day > 14 else date


def activities():
    """Yield (task key, agency key, channel code, date, title, quantity, participants, awards, note)."""
    for row in _activities():
        yield (*row[:3], _in_2019_window(row[3]), *row[4:])


def _activities():
    for month, count in enumerate(BROADCASTS_BY_MONTH, start=1):
        yield ("ptth", "dai", "phat-thanh-truyen-hinh", dt.date(2019, month, 25),
               f"Chuyên mục, đề tài CCHC phát sóng tháng {month:02d}/2019", count, None, None, ILLUSTRATIVE)
    for month, topic in zip(range(2, 12), TALK_SHOW_TOPICS, strict=True):
        yield ("toadam", "dai", "toa-dam-hoi-thao", dt.date(2019, month, 15),
               f"Tọa đàm: {topic}", 1, None, None, "")
    for month in range(1, 13):
        yield ("baochi", "baocm", "bao-in-bao-anh", dt.date(2019, month, 20),
               f"Chuyên trang CCHC trên Báo Cà Mau tháng {month:02d}/2019", 2, None, None, ILLUSTRATIVE)
    for quarter, month in enumerate((3, 6, 9, 12), start=1):
        yield ("baochi", "datmui", "bao-in-bao-anh", dt.date(2019, month, 28),
               f"Chuyên mục CCHC trên Báo ảnh Đất Mũi quý {quarter}/2019", 4, None, None, ILLUSTRATIVE)
    yield ("hoithi", "vp", "hoi-thi-cuoc-thi", dt.date(2019, 10, 18),
           "Hội thi “Đề xuất giải pháp cải cách hành chính năm 2019”", 1, 51, 7,
           "51 thí sinh dự thi, 7 thí sinh đạt giải có giải pháp mới, hiệu quả trong thực hiện công tác CCHC. "
           "Phối hợp với Công đoàn Viên chức tỉnh.")
    for quarter, month in enumerate((3, 6, 9, 12), start=1):
        yield ("dvc", "ttgq", "doi-thoai-truc-tiep", dt.date(2019, month, 10),
               f"Đối thoại trực tiếp với người dân, doanh nghiệp về dịch vụ công trực tuyến, quý {quarter}/2019",
               1, None, None, ILLUSTRATIVE)
    yield ("dvc", "ttgq", "to-roi-tai-lieu", dt.date(2019, 4, 5),
           "Phát hành tờ tuyên truyền, hướng dẫn sử dụng dịch vụ công trực tuyến", 2000, None, None, ILLUSTRATIVE)
    yield ("web", "noivu", "bao-dien-tu-trang-tin", dt.date(2019, 12, 15),
           "Tin, bài về CCHC trên trang thông tin điện tử Sở Nội vụ năm 2019", 36, None, None, ILLUSTRATIVE)
    yield ("web", "tvt", "bao-dien-tu-trang-tin", dt.date(2019, 11, 20),
           "Tin, bài về CCHC trên trang thông tin điện tử huyện Trần Văn Thời", 12, None, None, ILLUSTRATIVE)
    yield ("bangron", "vp", "bang-ron-pa-no", dt.date(2019, 3, 1),
           "Treo băng rôn, khẩu hiệu tuyên truyền CCHC tại trụ sở cơ quan tỉnh", 20, None, None, ILLUSTRATIVE)
    yield ("clb", "tuphap", "cau-lac-bo-phap-luat", dt.date(2019, 8, 12),
           "Sinh hoạt câu lạc bộ pháp luật chủ đề cải cách thủ tục hành chính", 2, 120, None, ILLUSTRATIVE)
    yield ("clb", "noivu", "hop-giao-ban", dt.date(2019, 6, 28),
           "Quán triệt nhiệm vụ CCHC tại cuộc họp giao ban 6 tháng đầu năm", 1, None, None, ILLUSTRATIVE)


DEMO_PASSWORD = "CaMau-CCHC-2019"  # noqa: S105 — a published demo password; see load_demo's DEBUG guard.
# username, full name, agency key, role ("superuser", coordinator group, data-entry group)
# The 2019 reporting cycle (illustrative; the article does not tell it): every expected agency sends each
# period's report three days before the due date and a coordinator approves it two days later, except
# that UBND huyện Trần Văn Thời sends Quý III five days late, Báo Cà Mau's 6-month report is returned once
# and approved after the fix, and UBND huyện Năm Căn never sends the year's report. Agencies with no
# activity of their own in a period send "Không phát sinh".
CYCLE_SENT_DAYS_BEFORE_DUE = 3
CYCLE_LATE_DAYS = {("q3", "tvt"): 5}
CYCLE_RETURNED = {("h1", "baocm"): "Số kỳ chuyên trang tháng 5 chưa khớp với bản lưu của Báo; đề nghị kiểm tra, "
                                   "sửa rồi gửi lại."}
CYCLE_NOT_SENT = {("year", "namcan")}
CYCLE_2019 = {"late_days": CYCLE_LATE_DAYS, "returned": CYCLE_RETURNED, "not_sent": CYCLE_NOT_SENT}
NOTHING_TO_REPORT_NOTE = "Không có hoạt động tuyên truyền riêng trong kỳ; đã phối hợp với cơ quan chủ trì."

USERS = [
    ("admin", ("Quản trị", "hệ thống"), None, "superuser"),
    ("dieuphoi", ("Cán bộ", "điều phối"), "vp", "coordinator"),
    ("dai_ptth", ("Cán bộ", "Đài PT-TH"), "dai", "data_entry"),
    # The station's head, who confirms its report where a province turns that step on
    # (REPORTING_AGENCY_CONFIRMATION): an illustrative person, named as such.
    ("lanhdao_ptth", ("Lãnh đạo", "Đài PT-TH (minh họa)"), "dai", "agency_head"),
    ("bao_camau", ("Cán bộ", "Báo Cà Mau"), "baocm", "data_entry"),
    # 2026: the officer of a commune whose year report was returned (PLAN_2026's cycle).
    ("xa_tranvanthoi", ("Cán bộ", "xã Trần Văn Thời"), "x_tranvanthoi", "data_entry"),
]

# The portal's identity (core.models.PortalIdentity). From the seed article: the province, its People's
# Committee as the body running the portal and issuing the report, the letterhead and place of its documents.
# The article gives no address, telephone, fax, email or contact official: those below are illustrative and
# say so (unreachable numbers, the reserved .example domain); the province code is 96 in the official list
# (Quyết định 19/2025/QĐ-TTg). The README's demo section says which values are illustrative.
IDENTITY = {
    "site_name": "Cổng thông tin tuyên truyền cải cách hành chính tỉnh Cà Mau",
    "short_name": "CCHC Cà Mau",
    "operator_name": "Ủy ban nhân dân tỉnh Cà Mau",
    "province_code": "96",
    "address": "Trụ sở Ủy ban nhân dân tỉnh Cà Mau (địa chỉ minh họa)",
    "phone": "0290 0000 001",
    "fax": "0290 0000 002",
    "email": "ubnd@camau.example",
    "contact_name": "Nguyễn Văn Minh Họa (minh họa)",
    "contact_title": "Chuyên viên",
    "contact_unit": "Văn phòng Ủy ban nhân dân tỉnh Cà Mau",
    "contact_phone": "0900 000 000",
    "contact_email": "daumoi.cchc@camau.example",
    "document_parent_body": "",
    "document_issuer": "ỦY BAN NHÂN DÂN\nTỈNH CÀ MAU",
    "document_place": "Cà Mau",
    "document_signer_authority": "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
    "document_signer_name": "",  # as the report's: the article does not give it
}

REPORT = {
    "slug": "bao-cao-ket-qua-tuyen-truyen-cchc-2019",
    "title": "Báo cáo kết quả công tác thông tin, tuyên truyền cải cách hành chính tỉnh Cà Mau năm 2019",
    "document_number": "45/BC-UBND",
    "date": dt.date(2020, 1, 5),
    "period": "nam",
    "period_start": dt.date(2019, 1, 1),
    "period_end": dt.date(2019, 12, 31),
    "summary": "Kết quả thực hiện Kế hoạch thông tin, tuyên truyền cải cách hành chính năm 2019.",
    "letterhead": "ỦY BAN NHÂN DÂN\nTỈNH CÀ MAU",
    "place_name": "Cà Mau",
    "signer_authority": "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
    # ILLUSTRATIVE: the article does not give the signer's name; a document needs one to be issued, so the
    # demo's is a placeholder that says what it is.
    "signer_name": "Nguyễn Văn A (minh họa)",
    "recipients": ("Văn phòng Chính phủ (b/c);\nBộ Nội vụ (b/c);\nTT. Tỉnh ủy, TT. HĐND tỉnh (b/c);\n"
                   "CT, các PCT UBND tỉnh;\nCác sở, ban, ngành tỉnh;\nUBND các huyện, thành phố;\n"
                   "Đài PT-TH Cà Mau, Báo Cà Mau;\nLưu: VT, NC."),
    "narrative": (
        "<h2>I. Kết quả đạt được</h2>"
        "<p>Năm 2019, công tác thông tin, tuyên truyền cải cách hành chính đạt 100% các nhiệm vụ theo kế hoạch. "
        "Công tác tuyên truyền được thực hiện bằng nhiều hình thức thích hợp: thông qua các phương tiện thông "
        "tin đại chúng; treo băng rôn; tọa đàm, hội thảo và sinh hoạt câu lạc bộ pháp luật; qua các cuộc họp "
        "giao ban.</p>"
        "<p>Đài Phát thanh – Truyền hình tỉnh đã phát sóng 574 đề tài, tổ chức 10 buổi tọa đàm về cải cách "
        "hành chính; Báo Cà Mau, Báo ảnh Đất Mũi thực hiện 40 kỳ về cải cách hành chính; Trung tâm Giải quyết "
        "TTHC tỉnh tuyên truyền về dịch vụ công trực tuyến bằng hình ảnh trực quan, tờ tuyên truyền và các buổi "
        "đối thoại trực tiếp với người dân, doanh nghiệp.</p>"
        "<p>Văn phòng UBND tỉnh phối hợp với Công đoàn Viên chức tỉnh tổ chức Hội thi “Đề xuất giải pháp cải "
        "cách hành chính năm 2019”: 51 thí sinh dự thi, 7 thí sinh đạt giải có giải pháp mới, hiệu quả.</p>"
        "<h2>II. Phương hướng năm 2020</h2>"
        "<p>Tuyên truyền gắn với lộ trình, mục tiêu nhiệm vụ cải cách hành chính năm 2020; đổi mới nội dung và "
        "hình thức tuyên truyền; đẩy mạnh tuyên truyền sử dụng dịch vụ công trực tuyến.</p>"
    ),
}


# ---------------------------------------------------------------------------------------------------------
# The merged Cà Mau of 2026: three of the new communes report through the 2026 cycle. ALL ILLUSTRATIVE —
# no source tells the 2026 plan, its tasks, activities or figures: the plan says so in its title and
# summary, every activity in its description. The channels are not the ones the 2019 figures are counted
# on (the article's 574 / 10 / 40 / 51 / 7 stay the only totals of those channels).
ILLUSTRATIVE_2026 = "Dữ liệu minh họa năm 2026 (không có nguồn): tên hoạt động và số liệu là giả định."

PLAN_2026 = {
    "slug": "ke-hoach-tuyen-truyen-cchc-2026-minh-hoa",
    "title": "Kế hoạch thông tin, tuyên truyền cải cách hành chính tỉnh Cà Mau năm 2026 (minh họa)",
    "year": 2026,
    "document_number": "",  # no source: left empty rather than a made-up number
    "issuing_agency": "ubnd",
    "issued_on": dt.date(2026, 1, 15),
    "summary": (
        "Kế hoạch minh họa của dữ liệu mẫu: tuyên truyền cải cách hành chính ở các xã, phường của tỉnh Cà Mau "
        "sau sắp xếp đơn vị hành chính (từ ngày 01/7/2025), nhất là thủ tục hành chính và dịch vụ công trực "
        "tuyến tại xã, phường mới."
    ),
    "body": (
        "<p><strong>Kế hoạch minh họa</strong> (dữ liệu mẫu, không phải văn bản thật).</p>"
        "<h2>I. Mục đích, yêu cầu</h2>"
        "<p>Người dân, doanh nghiệp biết nơi, cách giải quyết thủ tục hành chính tại xã, phường sau sắp xếp; "
        "sử dụng dịch vụ công trực tuyến.</p>"
        "<h2>II. Hình thức</h2>"
        "<p>Đối thoại trực tiếp; trang thông tin điện tử và mạng xã hội của xã, phường.</p>"
    ),
}

# key, title, channel code, lead, coordinating, target, deadline
TASKS_2026 = [
    ("doithoai", "Đối thoại với người dân về giải quyết thủ tục hành chính tại xã, phường sau sắp xếp",
     "doi-thoai-truc-tiep", "x_namcan", ["x_tranvanthoi", "p_baclieu"], 12, dt.date(2026, 12, 31)),
    ("trangtin", "Tin, bài về cải cách hành chính trên trang thông tin điện tử của xã, phường",
     "bao-dien-tu-trang-tin", "p_baclieu", [], 48, dt.date(2026, 12, 31)),
    ("mxh", "Tuyên truyền dịch vụ công trực tuyến trên mạng xã hội của xã, phường",
     "mang-xa-hoi", "x_tranvanthoi", ["x_namcan"], 60, dt.date(2026, 12, 31)),
]


def activities_2026():
    """Yield (task key, agency key, channel code, date, title, quantity, participants, awards, note), dated
    by 30/11/2026: the year's report is being sent when the demo stands (early December)."""
    for month in range(1, 12, 2):
        yield ("doithoai", "x_namcan", "doi-thoai-truc-tiep", dt.date(2026, month, 10),
               f"Đối thoại với người dân về thủ tục hành chính tại xã Năm Căn, tháng {month:02d}/2026 (minh họa)",
               1, 40, None, ILLUSTRATIVE_2026)
    for month in range(1, 12):
        yield ("trangtin", "p_baclieu", "bao-dien-tu-trang-tin", dt.date(2026, month, 20),
               f"Tin, bài CCHC trên trang thông tin điện tử phường Bạc Liêu, tháng {month:02d}/2026 (minh họa)",
               4, None, None, ILLUSTRATIVE_2026)
    for month in range(1, 12):
        yield ("mxh", "x_tranvanthoi", "mang-xa-hoi", dt.date(2026, month, 15),
               f"Bài hướng dẫn dịch vụ công trực tuyến trên trang mạng xã hội của xã Trần Văn Thời, "
               f"tháng {month:02d}/2026 (minh họa)", 5, None, None, ILLUSTRATIVE_2026)


# The 2026 cycle as the demo shows it in early December 2026 (illustrative): Quý I, 6 tháng and Quý III
# sent three days before the due date and approved two days later — Phường Bạc Liêu's 6-month report
# returned once and approved after the fix, Xã Trần Văn Thời's Quý III sent four days late; the year's
# report (due 20/12/2026): Xã Năm Căn's sent and waiting for approval, Xã Trần Văn Thời's returned and
# waiting for its fix, Phường Bạc Liêu's not sent yet.
CYCLE_2026 = {
    "late_days": {("q3", "x_tranvanthoi"): 4},
    "returned": {("h1", "p_baclieu"): "Số tin, bài tháng 5 chưa khớp với trang thông tin điện tử của phường; đề "
                                      "nghị kiểm tra, sửa rồi gửi lại. (minh họa)"},
    "not_sent": {("year", "p_baclieu")},
    "sent_on": {("year", "x_namcan"): dt.date(2026, 12, 3), ("year", "x_tranvanthoi"): dt.date(2026, 12, 2)},
    "waiting": {("year", "x_namcan")},
    "left_returned": {("year", "x_tranvanthoi"): "Đề nghị bổ sung bài tháng 11 về dịch vụ công trực tuyến toàn "
                                                 "trình trước khi duyệt. (minh họa)"},
}
