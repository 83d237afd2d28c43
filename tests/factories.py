import datetime as dt

import factory
from django.contrib.auth.models import Group

from accounts.models import User
from accounts.roles import AGENCY_HEAD, COORDINATOR, DATA_ENTRY
from agencies.models import Agency
from campaigns.models import Activity, Channel, Plan, PublishStatus, Task


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Cơ quan thử nghiệm {n}")
    kind = Agency.Kind.DEPARTMENT


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel

    name = factory.Sequence(lambda n: f"Hình thức {n}")
    code = factory.Sequence(lambda n: f"hinh-thuc-{n}")
    unit = "bài"


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    title = factory.Sequence(lambda n: f"Kế hoạch tuyên truyền CCHC số {n}")
    slug = factory.Sequence(lambda n: f"ke-hoach-{n}")
    year = 2019
    document_number = factory.Sequence(lambda n: f"{n:02d}/KH-UBND")
    issuing_agency = factory.SubFactory(AgencyFactory)
    status = PublishStatus.PUBLISHED


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    plan = factory.SubFactory(PlanFactory)
    title = factory.Sequence(lambda n: f"Nhiệm vụ {n}")
    lead_agency = factory.SubFactory(AgencyFactory)
    channel = factory.SubFactory(ChannelFactory)
    target_quantity = 10
    status = ""


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    plan = factory.SubFactory(PlanFactory)
    agency = factory.SubFactory(AgencyFactory)
    channel = factory.SubFactory(ChannelFactory)
    date = dt.date(2019, 5, 10)
    title = factory.Sequence(lambda n: f"Hoạt động {n}")
    quantity = 1
    # As entered: not counted in public figures until its agency's report for the period is approved (the
    # reporting cycle). A test about public figures approves through campaigns.cycle or says approved=True.
    approved = False


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"canbo{n}")
    is_staff = True
    password = factory.django.Password("mat-khau-thu-nghiem-123")


def data_entry_user(agency, **kwargs):
    user = UserFactory(agency=agency, **kwargs)
    user.groups.add(Group.objects.get(name=DATA_ENTRY))
    return user


def agency_head_user(agency, **kwargs):
    user = UserFactory(agency=agency, **kwargs)
    user.groups.add(Group.objects.get(name=AGENCY_HEAD))
    return user


def coordinator_user(agency=None, **kwargs):
    user = UserFactory(agency=agency, **kwargs)
    user.groups.add(Group.objects.get(name=COORDINATOR))
    return user
