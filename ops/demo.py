"""The Cà Mau 2019 case, from the article in the seed folder, written as code.

The article gives these figures, which the demo reproduces exactly: the radio-TV station broadcast 574
topics (đề tài) and held 10 talk shows (tọa đàm); Báo Cà Mau and Báo ảnh Đất Mũi ran 40 issues (kỳ);
the contest "Đề xuất giải pháp CCHC năm 2019" had 51 contestants and 7 prize winners; 100% of planned
tasks were done. How the totals split over months and between the two papers, the plan's number and
the quantities of the qualitative tasks are not in the article: they are illustrative and say so."""

import datetime as dt

ILLUSTRATIVE = "Số liệu minh họa (bài viết nguồn không nêu chi tiết)."

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
]

# What is known of the demo's agencies beyond their names (issue 24): the province's code (96, the same in
# the list of Quyết định 124/2004/QĐ-TTg and in that of Quyết định 19/2025/QĐ-TTg, as the National
# Statistics Office's list packaged as `vietnam-provinces` 2025.10.1 holds it) and the days the closed ones
# existed to: the districts until 30/6/2025 (two-tier local government from 1/7/2025), Sở TT&TT until
# 28/02/2025 (Nghị định 45/2025/NĐ-CP, from 1/3/2025). The districts' old 3-digit codes are left empty: not
# checked against an official source here. No change events: the 2026 story is not part of this demo.
AGENCY_FACTS = {
    "ubnd": {"official_code": "96"},
    "tttt": {"existed_to": dt.date(2025, 2, 28)},
    "tpcm": {"existed_to": dt.date(2025, 6, 30)},
    "tvt": {"existed_to": dt.date(2025, 6, 30)},
    "namcan": {"existed_to": dt.date(2025, 6, 30)},
}

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
NOTHING_TO_REPORT_NOTE = "Không có hoạt động tuyên truyền riêng trong kỳ; đã phối hợp với cơ quan chủ trì."

USERS = [
    ("admin", ("Quản trị", "hệ thống"), None, "superuser"),
    ("dieuphoi", ("Cán bộ", "điều phối"), "vp", "coordinator"),
    ("dai_ptth", ("Cán bộ", "Đài PT-TH"), "dai", "data_entry"),
    ("bao_camau", ("Cán bộ", "Báo Cà Mau"), "baocm", "data_entry"),
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
    # The signer's name is left for the office to fill: the article does not give it.
    "signer_authority": "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
    "signer_name": "",
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
