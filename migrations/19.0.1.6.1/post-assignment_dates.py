def migrate(cr, version):
    """Round robin follows ``date_assigned`` since 19.0.1.6.1 instead of a
    pointer stored on the team: date the owners already given (by the
    complaint's creation, the best known) and drop the pointer's column."""
    cr.execute(
        """UPDATE customer_complaint
              SET date_assigned = create_date
            WHERE user_id IS NOT NULL AND date_assigned IS NULL"""
    )
    cr.execute(
        """ALTER TABLE customer_complaint_team
           DROP COLUMN IF EXISTS last_assigned_user_id"""
    )
