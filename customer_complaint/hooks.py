def uninstall_hook(env):
    """Odoo drops the complaint table (and so its triggers) and the funnel
    view itself, after this hook; the funnel's count table and trigger
    function are ours to remove (with the view and triggers using them)."""
    env.cr.execute("DROP TABLE IF EXISTS customer_complaint_funnel_count CASCADE")
    env.cr.execute(
        "DROP FUNCTION IF EXISTS customer_complaint_funnel_count_apply() CASCADE"
    )
