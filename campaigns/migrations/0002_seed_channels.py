"""The channels provinces report on, with their usual unit (see GLOSSARY). Staff can add more."""

from django.db import migrations

CHANNELS = [
    # (code, name, unit, order)
    ("phat-thanh-truyen-hinh", "Phát thanh – truyền hình", "đề tài", 10),
    ("bao-in-bao-anh", "Báo chí (báo in, báo ảnh)", "kỳ", 20),
    ("bao-dien-tu-trang-tin", "Báo điện tử, trang thông tin điện tử", "tin, bài", 30),
    ("mang-xa-hoi", "Mạng xã hội", "bài", 40),
    ("toa-dam-hoi-thao", "Tọa đàm, hội thảo", "buổi", 50),
    ("hoi-nghi-tap-huan", "Hội nghị, tập huấn", "lớp", 60),
    ("hoi-thi-cuoc-thi", "Hội thi, cuộc thi", "cuộc", 70),
    ("bang-ron-pa-no", "Băng rôn, pa nô, áp phích, khẩu hiệu", "cái", 80),
    ("to-roi-tai-lieu", "Tờ rơi, tờ gấp, tài liệu hướng dẫn", "tờ", 90),
    ("doi-thoai-truc-tiep", "Đối thoại trực tiếp với người dân, doanh nghiệp", "buổi", 100),
    ("cau-lac-bo-phap-luat", "Sinh hoạt câu lạc bộ pháp luật", "buổi", 110),
    ("hop-giao-ban", "Lồng ghép tại cuộc họp giao ban", "cuộc", 120),
]


def seed(apps, schema_editor):
    Channel = apps.get_model("campaigns", "Channel")
    for code, name, unit, order in CHANNELS:
        Channel.objects.get_or_create(code=code, defaults={"name": name, "unit": unit, "order": order})


def unseed(apps, schema_editor):
    apps.get_model("campaigns", "Channel").objects.filter(
        code__in=[c[0] for c in CHANNELS], activities__isnull=True, tasks__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
