from odoo import api, fields, models, tools
from odoo.tools import SQL

COUNT_TABLE = SQL.identifier("customer_complaint_funnel_count")
# The groups counted: column of the count table -> expression on complaint c.
GROUP_KEYS = {
    "furthest_stage_id": "c.furthest_stage_id",
    "reject_reason_id": "c.reject_reason_id",
    "day": "date_trunc('day', c.date_received)",
    "team_id": "c.team_id",
    "company_id": "c.company_id",
    "category_id": "c.category_id",
    "cause_id": "c.cause_id",
}
KEYS = SQL(", ".join(GROUP_KEYS))
COMPLAINT_KEYS = SQL(
    ", ".join(f"{expression} AS {name}" for name, expression in GROUP_KEYS.items())
)


class CustomerComplaintFunnelReport(models.Model):
    """The complaint funnel, from counts kept by the database: active
    complaints are counted by furthest stage reached, rejection reason, day
    of reception (UTC), team, company, category and cause in the table
    ``customer_complaint_funnel_count``, and each group is joined to every
    stage of the regular flow it reached. Summing ``complaint_count`` by
    stage gives how many complaints entered each stage; ``rejected_count``
    tells where rejected ones dropped out (on the row of their furthest stage
    only).

    The counts follow every INSERT, UPDATE and DELETE of complaints through
    statement-level triggers: each statement appends the difference it
    makes per group (+n / -n, one row per group it changed, never an update
    of a shared row, so concurrent transactions do not wait on each other);
    a daily cron merges the rows. Reading the funnel reads one row per group
    (some 40,000 for a million complaints over two years) instead of every
    complaint."""

    _name = "customer.complaint.funnel.report"
    _description = "Complaint Funnel"
    _auto = False
    _order = "stage_sequence"

    stage_id = fields.Many2one("customer.complaint.stage", readonly=True)
    stage_sequence = fields.Integer(readonly=True)
    # The day of reception, at midnight UTC: bounds at midnight UTC select the
    # same complaints as on the complaints. A date in a domain is converted at
    # midnight of the user's timezone: with another timezone than UTC, the
    # complaints of the first and last hours of a period go by their UTC day.
    date_received = fields.Datetime(string="Received On", readonly=True)
    team_id = fields.Many2one("customer.complaint.team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    category_id = fields.Many2one("customer.complaint.category", readonly=True)
    cause_id = fields.Many2one("customer.complaint.cause", readonly=True)
    reject_reason_id = fields.Many2one(
        "customer.complaint.reject.reason",
        string="Rejected Here For",
        readonly=True,
    )
    complaint_count = fields.Integer(string="Complaints", readonly=True)
    rejected_count = fields.Integer(string="Rejected Here", readonly=True)

    def init(self):
        cr = self.env.cr
        tools.drop_view_if_exists(cr, self._table)
        cr.execute(
            SQL(
                """
                CREATE TABLE IF NOT EXISTS %s (
                    id bigserial PRIMARY KEY,
                    furthest_stage_id integer,
                    reject_reason_id integer,
                    day timestamp,
                    team_id integer,
                    company_id integer,
                    category_id integer,
                    cause_id integer,
                    complaint_count integer NOT NULL
                )
                """,
                COUNT_TABLE,
            )
        )
        self._create_count_triggers()
        # Counted again at each install and update: always right afterwards.
        cr.execute(SQL("DELETE FROM %s", COUNT_TABLE))
        cr.execute(
            SQL(
                """
                INSERT INTO %(table)s (%(keys)s, complaint_count)
                SELECT %(complaint_keys)s, count(*) FROM customer_complaint c
                 WHERE c.active GROUP BY %(keys)s
                """,
                table=COUNT_TABLE,
                keys=KEYS,
                complaint_keys=COMPLAINT_KEYS,
            )
        )
        # The id is unique: groups are disjoint, so their smallest count row
        # id is, and a group meets each stage once.
        cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %(view)s AS (
                    WITH grouped AS (
                        SELECT min(id) AS first_id, %(keys)s,
                               sum(complaint_count) AS complaint_count
                          FROM %(table)s
                         GROUP BY %(keys)s
                        HAVING sum(complaint_count) <> 0
                    )
                    SELECT g.first_id * 10000 + s.id AS id,
                           s.id AS stage_id,
                           s.sequence AS stage_sequence,
                           g.day AS date_received,
                           g.team_id,
                           g.company_id,
                           g.category_id,
                           g.cause_id,
                           CASE WHEN s.id = g.furthest_stage_id
                                THEN g.reject_reason_id END AS reject_reason_id,
                           g.complaint_count::integer AS complaint_count,
                           CASE WHEN s.id = g.furthest_stage_id
                                     AND g.reject_reason_id IS NOT NULL
                                THEN g.complaint_count ELSE 0
                           END::integer AS rejected_count
                      FROM grouped g
                      JOIN customer_complaint_stage f ON f.id = g.furthest_stage_id
                      JOIN customer_complaint_stage s
                        ON s.sequence <= f.sequence
                       AND s.requires_reason IS NOT TRUE
                       AND s.active
                )
                """,
                view=SQL.identifier(self._table),
                keys=KEYS,
                table=COUNT_TABLE,
            )
        )

    def _create_count_triggers(self):
        """One trigger per event (PostgreSQL allows transition tables on
        single-event triggers only), all running the same function: the
        active complaints a statement added count +1 in their group, those
        it removed -1."""
        cr = self.env.cr
        cr.execute(
            SQL(
                """
                CREATE OR REPLACE FUNCTION customer_complaint_funnel_count_apply()
                RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'INSERT' THEN
                        INSERT INTO %(table)s (%(keys)s, complaint_count)
                        SELECT %(complaint_keys)s, count(*) FROM new_rows c
                         WHERE c.active GROUP BY %(keys)s;
                    ELSIF TG_OP = 'DELETE' THEN
                        INSERT INTO %(table)s (%(keys)s, complaint_count)
                        SELECT %(complaint_keys)s, -count(*) FROM old_rows c
                         WHERE c.active GROUP BY %(keys)s;
                    ELSE
                        -- Only the groups the update changed: most updates
                        -- (deadlines, notes) change none and append nothing.
                        INSERT INTO %(table)s (%(keys)s, complaint_count)
                        SELECT %(keys)s, sum(n) FROM (
                            SELECT %(complaint_keys)s, 1 AS n FROM new_rows c
                             WHERE c.active
                            UNION ALL
                            SELECT %(complaint_keys)s, -1 AS n FROM old_rows c
                             WHERE c.active
                        ) AS changed
                         GROUP BY %(keys)s
                        HAVING sum(n) <> 0;
                    END IF;
                    RETURN NULL;
                END $$
                """,
                table=COUNT_TABLE,
                keys=KEYS,
                complaint_keys=COMPLAINT_KEYS,
            )
        )
        for event, tables in (
            ("insert", SQL("NEW TABLE AS new_rows")),
            ("delete", SQL("OLD TABLE AS old_rows")),
            ("update", SQL("OLD TABLE AS old_rows NEW TABLE AS new_rows")),
        ):
            trigger = SQL.identifier(f"customer_complaint_funnel_count_{event}")
            cr.execute(SQL("DROP TRIGGER IF EXISTS %s ON customer_complaint", trigger))
            cr.execute(
                SQL(
                    """
                    CREATE TRIGGER %s AFTER %s ON customer_complaint
                        REFERENCING %s FOR EACH STATEMENT
                        EXECUTE FUNCTION customer_complaint_funnel_count_apply()
                    """,
                    trigger,
                    SQL(event.upper()),
                    tables,
                )
            )

    @api.model
    def _merge_counts(self):
        """Merge the rows the triggers appended into one row per group.
        Rows appended by transactions running meanwhile are not seen by the
        DELETE, so they stay as they are: nothing is lost or counted twice."""
        self.env.cr.execute(
            SQL(
                """
                WITH moved AS (DELETE FROM %(table)s RETURNING *)
                INSERT INTO %(table)s (%(keys)s, complaint_count)
                SELECT %(keys)s, sum(complaint_count) FROM moved
                 GROUP BY %(keys)s
                HAVING sum(complaint_count) <> 0
                """,
                table=COUNT_TABLE,
                keys=KEYS,
            )
        )
