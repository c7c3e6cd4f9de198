"""The charts and labels of the causes report: translated labels for the
selection keys, the deadline status and the monthly trend, and the geometry
of the inline SVG charts (Pareto, funnel, trend, deadlines) that the QWeb
template draws; wkhtmltopdf renders inline SVG, no new dependency."""

import math
from datetime import date, datetime

from dateutil.relativedelta import relativedelta

from odoo import models
from odoo.tools.misc import format_date, formatLang

from ..models.customer_complaint_response import RESPONSE_DONE_FIELDS
from .customer_complaint_causes_report_svg import (
    COLORS,
    LABEL_WIDTH,
    WIDTH,
    Chart,
    nice_max,
    shorten,
)

# More causes than this: the rest in one "Other" bar.
PARETO_BARS = 10
# The response statuses in the order the deadlines chart stacks them.
DEADLINE_STATUSES = ("met", "failed", "running", "not_recorded")


class CustomerComplaintCausesReportCharts(models.TransientModel):
    _inherit = "customer.complaint.causes.report"

    def _fmt(self, value, digits=0):
        """A number in the language of the report; a dash for no value."""
        if value is None or value is False:
            return "—"
        return formatLang(self.env, value, digits=digits)

    def _percent(self, share, digits=1):
        return "—" if share is None else f"{self._fmt(share * 100, digits)} %"

    def _get_report_data(self):
        data = super()._get_report_data()
        Complaint = self.env["customer.complaint"]
        kinds = dict(Complaint._fields["cause_kind"]._description_selection(self.env))
        types = dict(
            Complaint._fields["compensation_type"]._description_selection(self.env)
        )
        for row in data["causes"]:
            row["kind_label"] = kinds.get(row["kind"], "—")
        for row in data["compensations"]:
            row["type_label"] = types.get(row["type"], row["type"])
        data["cause_kind_labels"] = [
            (label, data["cause_kinds"].get(key, 0)) for key, label in kinds.items()
        ]
        count = data["satisfaction_count"]
        if not count:
            data["satisfaction_label"] = "—"
        else:
            answers = (
                self.env._("(1 answer)")
                if count == 1
                else self.env._("(%s answers)", self._fmt(count))
            )
            average = self._fmt(data["satisfaction_avg"], 2)
            data["satisfaction_label"] = f"{average} / 5 {answers}"
        data["deadlines"] = self._deadline_status()
        final = data["deadlines"][-1]
        data["final_response_met"] = final["met_share"]
        data["trend"] = self._trend()
        data["charts"] = {
            "pareto": self._pareto_chart(data["causes"]),
            "funnel": self._funnel_chart(data["funnel"]),
            "trend": self._trend_chart(data["trend"]),
            "deadlines": self._deadline_chart(data["deadlines"]),
        }
        return data

    def _deadline_status(self):
        """Per response target: met, failed, running, not recorded (imported
        history), and the share met of those decided (met or failed); one
        grouped query."""
        Complaint = self._complaints()
        statuses = [f"{target}_status" for target in RESPONSE_DONE_FIELDS]
        groups = Complaint._read_group(self._domain(), statuses, ["__count"])
        labels = {
            "acknowledgement": self.env._("Acknowledgement"),
            "first_response": self.env._("First response"),
            "final_response": self.env._("Final response"),
        }
        rows = []
        for index, target in enumerate(RESPONSE_DONE_FIELDS):
            counts = dict.fromkeys(DEADLINE_STATUSES, 0)
            for group in groups:
                if group[index]:
                    counts[group[index]] += group[-1]
            decided = counts["met"] + counts["failed"]
            rows.append(
                {
                    "target": target,
                    "label": labels[target],
                    **counts,
                    "total": sum(counts.values()),
                    "met_share": counts["met"] / decided if decided else None,
                }
            )
        return rows

    def _trend(self):
        """Per month of the period: received, and resolved (closed without
        rejection in that month, whenever received)."""
        Complaint = self._complaints()
        end = self.date_to + relativedelta(days=1)
        common = [("company_id", "=", self.company_id.id)]
        if self.team_id:
            common.append(("team_id", "=", self.team_id.id))
        if self.exclude_archived:
            common.append(("active", "=", True))
        received = Complaint._read_group(
            self._domain(), ["date_received:month"], ["__count"]
        )
        resolved = Complaint._read_group(
            common
            + [
                ("date_closed", ">=", self.date_from),
                ("date_closed", "<", end),
                ("is_closed", "=", True),
                ("reject_reason_id", "=", False),
            ],
            ["date_closed:month"],
            ["__count"],
        )

        def by_month(groups):
            result = {}
            for month, count in groups:
                if isinstance(month, datetime):
                    month = month.date()
                result[month.replace(day=1)] = count
            return result

        received, resolved = by_month(received), by_month(resolved)
        month = date(self.date_from.year, self.date_from.month, 1)
        months = []
        while month <= self.date_to:
            months.append(
                {
                    "month": month,
                    "label": format_date(self.env, month, date_format="LLL yyyy"),
                    "received": received.get(month, 0),
                    "resolved": resolved.get(month, 0),
                }
            )
            month += relativedelta(months=1)
        return months

    def _pareto_chart(self, causes):
        """Bars sorted descending, the cumulative share (right axis) and the
        80 % mark; the bars up to the one crossing 80 % are the vital few."""
        if not causes:
            return False
        bars = causes[:PARETO_BARS]
        if len(causes) > PARETO_BARS:
            rest = causes[PARETO_BARS:]
            bars = bars + [
                {
                    "name": self.env._("Other"),
                    "count": sum(row["count"] for row in rest),
                    "cumulative": 1.0,
                }
            ]
        chart = Chart(330, "o_chart_pareto")
        left, right, top, plot_h = 50, WIDTH - 50, 14, 190
        bottom = top + plot_h
        top_count = nice_max(max(row["count"] for row in bars))
        for tick in range(5):
            y = bottom - plot_h * tick / 4
            chart.line(left, y, right, y, stroke=COLORS["connector"])
            chart.text(left - 6, y + 3, self._fmt(top_count * tick / 4), "end", 11)
            chart.text(right + 6, y + 3, f"{self._fmt(25 * tick)} %", "start", 11)
        chart.line(left, bottom, right, bottom)
        slot = (right - left) / len(bars)
        points = []
        previous = 0.0
        for index, row in enumerate(bars):
            x = left + slot * index
            height = plot_h * row["count"] / top_count
            vital = previous < 0.8
            chart.rect(
                x + slot * 0.2,
                bottom - height,
                slot * 0.6,
                height,
                COLORS["vital" if vital else "bar"],
                "o_pareto_bar",
                count=row["count"],
            )
            chart.text(
                x + slot / 2, bottom - height - 4, self._fmt(row["count"]), "middle"
            )
            cx, cy = x + slot / 2, bottom - plot_h * row["cumulative"]
            points.append(f"{round(cx, 1)},{round(cy, 1)}")
            chart.shapes["circle"].append(
                {
                    "cx": round(cx, 1),
                    "cy": round(cy, 1),
                    "r": 3,
                    "fill": COLORS["line"],
                    "class": "o_pareto_point",
                    "data-cumulative": round(row["cumulative"] * 100, 1),
                }
            )
            label_y = bottom + 12
            chart.text(
                cx,
                label_y,
                shorten(row["name"]),
                "end",
                11,
                transform=f"rotate(-35 {round(cx, 1)} {label_y})",
            )
            previous = row["cumulative"]
        chart.shapes["polyline"].append(
            {
                "points": " ".join(points),
                "fill": "none",
                "stroke": COLORS["line"],
                "stroke-width": 2,
                "class": "o_pareto_line",
            }
        )
        mark = bottom - plot_h * 0.8
        chart.line(left, mark, right, mark, COLORS["mark"], "5,3", "o_pareto_80")
        chart.text(right - 4, mark - 4, "80 %", "end", 11, fill=COLORS["mark"])
        chart.legend(
            322,
            [
                (self.env._("Complaints (vital few)"), COLORS["vital"]),
                (self.env._("Complaints"), COLORS["bar"]),
                (self.env._("Cumulative share"), COLORS["line"]),
            ],
        )
        return chart.as_dict()

    def _funnel_chart(self, funnel):
        """One centred bar per stage, as wide as the complaints that entered
        it, split into left onwards, still there and dropped out."""
        if not funnel:
            return False
        row_h, gap, top = 30, 16, 6
        height = top + len(funnel) * (row_h + gap) + 14
        chart = Chart(height, "o_chart_funnel")
        area_left, area_w = LABEL_WIDTH + 10, 480
        centre = area_left + area_w / 2
        widest = max(row["entered"] for row in funnel)
        previous = None
        for index, row in enumerate(funnel):
            y = top + index * (row_h + gap)
            width = max(area_w * row["entered"] / widest, 2)
            x = centre - width / 2
            if previous:
                px, pw = previous
                chart.polygons.append(
                    {
                        "points": f"{px},{y - gap} {px + pw},{y - gap} "
                        f"{round(x + width, 1)},{y} {round(x, 1)},{y}",
                        "fill": COLORS["connector"],
                    }
                )
            previous = (round(x, 1), round(width, 1))
            chart.text(LABEL_WIDTH, y + row_h / 2 + 4, shorten(row["stage"], 28), "end")
            chart.stacked_bar(
                x,
                y,
                row_h,
                [
                    (
                        width * row[part] / row["entered"],
                        row[part],
                        COLORS[part],
                        f"o_funnel_{part}",
                        {},
                    )
                    for part in ("left", "still", "dropped")
                ],
                self._fmt,
            )
            chart.text(
                area_left + area_w + 10,
                y + row_h / 2 + 4,
                self.env._("%s entered", self._fmt(row["entered"])),
                **{"font-weight": "bold"},
            )
        chart.legend(
            height - 8,
            [
                (self.env._("Left onwards or resolved"), COLORS["left"]),
                (self.env._("Still there"), COLORS["still"]),
                (self.env._("Dropped out"), COLORS["dropped"]),
            ],
        )
        return chart.as_dict()

    def _trend_chart(self, months):
        """Received and resolved complaints per month, side by side."""
        if not months:
            return False
        chart = Chart(230, "o_chart_trend")
        left, right, top, plot_h = 50, WIDTH - 10, 24, 160
        bottom = top + plot_h
        top_count = nice_max(
            max(max(m["received"], m["resolved"]) for m in months) or 1
        )
        for tick in range(5):
            y = bottom - plot_h * tick / 4
            chart.line(left, y, right, y, stroke=COLORS["connector"])
            chart.text(left - 6, y + 3, self._fmt(top_count * tick / 4), "end", 11)
        chart.line(left, bottom, right, bottom)
        slot = (right - left) / len(months)
        # Many months: a label every few of them.
        every = math.ceil(len(months) / 12)
        for index, month in enumerate(months):
            x = left + slot * index
            for offset, key in ((0.15, "received"), (0.5, "resolved")):
                height = plot_h * month[key] / top_count
                chart.rect(
                    x + slot * offset,
                    bottom - height,
                    slot * 0.35,
                    height,
                    COLORS[key],
                    f"o_trend_{key}",
                    count=month[key],
                    month=month["month"].isoformat(),
                )
                if month[key] and len(months) <= 12:
                    chart.text(
                        x + slot * (offset + 0.175),
                        bottom - height - 3,
                        self._fmt(month[key]),
                        "middle",
                        9,
                    )
            if index % every == 0:
                chart.text(x + slot / 2, bottom + 14, month["label"], "middle", 11)
        chart.legend(
            12,
            [
                (self.env._("Received"), COLORS["received"]),
                (self.env._("Resolved"), COLORS["resolved"]),
            ],
        )
        return chart.as_dict()

    def _deadline_chart(self, rows):
        """Per response target, a bar split into met, failed, running and
        not recorded."""
        if not any(row["total"] for row in rows):
            return False
        Complaint = self.env["customer.complaint"]
        labels = dict(
            Complaint._fields["final_response_status"]._description_selection(self.env)
        )
        row_h, gap, top = 24, 12, 26
        chart = Chart(top + len(rows) * (row_h + gap), "o_chart_deadlines")
        area_left, area_w = LABEL_WIDTH + 10, 560
        for index, row in enumerate(rows):
            y = top + index * (row_h + gap)
            chart.text(LABEL_WIDTH, y + row_h / 2 + 4, row["label"], "end")
            if row["total"]:
                chart.stacked_bar(
                    area_left,
                    y,
                    row_h,
                    [
                        (
                            area_w * row[status] / row["total"],
                            row[status],
                            COLORS[status],
                            f"o_deadline_{status}",
                            {"target": row["target"]},
                        )
                        for status in DEADLINE_STATUSES
                    ],
                    self._fmt,
                )
            if row["met_share"] is not None:
                chart.text(
                    area_left + area_w + 10,
                    y + row_h / 2 + 4,
                    self.env._("%s met", self._percent(row["met_share"], 0)),
                )
        shown = [key for key in DEADLINE_STATUSES if any(row[key] for row in rows)]
        chart.legend(12, [(labels[key], COLORS[key]) for key in shown])
        return chart.as_dict()
