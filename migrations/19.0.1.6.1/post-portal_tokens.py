def migrate(cr, version):
    """Complaints get their portal token when created since 19.0.1.3.0;
    older ones got it when a portal page first showed them (a write while
    reading). Give them one now: the portal pages only read."""
    cr.execute(
        """UPDATE customer_complaint
              SET access_token = gen_random_uuid()::text
            WHERE access_token IS NULL OR access_token = ''"""
    )
