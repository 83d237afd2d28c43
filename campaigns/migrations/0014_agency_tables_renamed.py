"""The agencies leave the campaigns app for their own app at the bottom (agencies): first their tables take
the new app's names, here, with their rows and every foreign key pointing at them; then agencies 0001 takes
them over in Django's state, and campaigns 0015 lets them go (state only: no table is dropped or made)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0013_search_fold")]

    operations = [
        migrations.AlterModelTable(name="agency", table="agencies_agency"),
        migrations.AlterModelTable(name="historicalagency", table="agencies_historicalagency"),
    ]
