"""The funnel is a plain view over the complaints' furthest stage now: the
count table, its trigger function and the complaints' triggers go. The view
reading them goes with them (CASCADE); the model's init() creates the new one,
and the merge cron, gone from the data files, is removed by the update."""


def migrate(cr, version):
    for event in ("insert", "delete", "update"):
        cr.execute(
            f"DROP TRIGGER IF EXISTS customer_complaint_funnel_count_{event} "
            "ON customer_complaint"
        )
    cr.execute(
        "DROP FUNCTION IF EXISTS customer_complaint_funnel_count_apply() CASCADE"
    )
    cr.execute("DROP TABLE IF EXISTS customer_complaint_funnel_count CASCADE")
