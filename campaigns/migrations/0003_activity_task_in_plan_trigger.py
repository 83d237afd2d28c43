"""A database guarantee that an activity's task belongs to the activity's plan. Django has no composite
foreign keys, so triggers do it — on the activity (insert/update) and on the task (moving it to another
plan while it has activities). Both raise an integrity error the application reports as such."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER activity_task_in_plan_insert BEFORE INSERT ON campaigns_activity
       WHEN NEW.task_id IS NOT NULL AND
            (SELECT plan_id FROM campaigns_task WHERE id = NEW.task_id) IS NOT NEW.plan_id
       BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: activity_task_in_plan'); END""",
    """CREATE TRIGGER activity_task_in_plan_update BEFORE UPDATE OF task_id, plan_id ON campaigns_activity
       WHEN NEW.task_id IS NOT NULL AND
            (SELECT plan_id FROM campaigns_task WHERE id = NEW.task_id) IS NOT NEW.plan_id
       BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: activity_task_in_plan'); END""",
    """CREATE TRIGGER task_plan_keeps_activities BEFORE UPDATE OF plan_id ON campaigns_task
       WHEN NEW.plan_id IS NOT OLD.plan_id AND
            EXISTS (SELECT 1 FROM campaigns_activity WHERE task_id = NEW.id AND plan_id IS NOT NEW.plan_id)
       BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: activity_task_in_plan'); END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS activity_task_in_plan_insert",
    "DROP TRIGGER IF EXISTS activity_task_in_plan_update",
    "DROP TRIGGER IF EXISTS task_plan_keeps_activities",
]

POSTGRES = [
    """CREATE OR REPLACE FUNCTION campaigns_activity_task_in_plan() RETURNS trigger AS $$
       BEGIN
         IF NEW.task_id IS NOT NULL AND NOT EXISTS (
              SELECT 1 FROM campaigns_task WHERE id = NEW.task_id AND plan_id = NEW.plan_id) THEN
           RAISE EXCEPTION 'activity_task_in_plan: task % is not in plan %', NEW.task_id, NEW.plan_id
             USING ERRCODE = 'check_violation';
         END IF;
         RETURN NEW;
       END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER activity_task_in_plan BEFORE INSERT OR UPDATE OF task_id, plan_id ON campaigns_activity
       FOR EACH ROW EXECUTE FUNCTION campaigns_activity_task_in_plan()""",
    """CREATE OR REPLACE FUNCTION campaigns_task_plan_keeps_activities() RETURNS trigger AS $$
       BEGIN
         IF NEW.plan_id IS DISTINCT FROM OLD.plan_id AND EXISTS (
              SELECT 1 FROM campaigns_activity WHERE task_id = NEW.id AND plan_id <> NEW.plan_id) THEN
           RAISE EXCEPTION 'activity_task_in_plan: task % has activities in plan %', NEW.id, OLD.plan_id
             USING ERRCODE = 'check_violation';
         END IF;
         RETURN NEW;
       END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER task_plan_keeps_activities BEFORE UPDATE OF plan_id ON campaigns_task
       FOR EACH ROW EXECUTE FUNCTION campaigns_task_plan_keeps_activities()""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS activity_task_in_plan ON campaigns_activity",
    "DROP FUNCTION IF EXISTS campaigns_activity_task_in_plan()",
    "DROP TRIGGER IF EXISTS task_plan_keeps_activities ON campaigns_task",
    "DROP FUNCTION IF EXISTS campaigns_task_plan_keeps_activities()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)
    return run


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0002_seed_channels")]
    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        ),
    ]
