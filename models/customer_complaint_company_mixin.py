from odoo import api, models
from odoo.exceptions import AccessError


class CustomerComplaintCompanyMixin(models.AbstractModel):
    """Records a user may only put in the companies they work for.

    The multi-company record rules check a record as it is before a write;
    this checks the company it is given, on create and write, for every user
    but the superuser (intake and portal code run as superuser on purpose).
    A record without company (a shared team) is allowed.
    """

    _name = "customer.complaint.company.mixin"
    _description = "Complaint Company Guard"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        # After creation: the company may come from a default or the context.
        records._check_user_company(records.company_id)
        return records

    def write(self, vals):
        if vals.get("company_id"):
            self._check_user_company(self.env["res.company"].browse(vals["company_id"]))
        return super().write(vals)

    def _check_company(self, fnames=None):
        """Odoo's company check, per company of the batch rather than per
        record: Odoo evaluates a domain per record and field, which made the
        company check most of the cost of a batch of 10,000 reviews. Where a
        group is inconsistent, Odoo's own check runs and raises its message."""
        if len(self) < 2 or self._name == "res.company":
            return super()._check_company(fnames)
        if fnames is None or {"company_id", "company_ids"} & set(fnames):
            fnames = self._fields
        fields_to_check = [
            name
            for name in fnames
            if self._fields[name].relational and self._fields[name].check_company
        ]
        if any(self._fields[name].company_dependent for name in fields_to_check):
            return super()._check_company(fnames)
        for company, records in self.grouped("company_id").items():
            for name in fields_to_check:
                corecords = records.sudo().mapped(name)
                if not corecords:
                    continue
                domain = corecords._check_company_domain(company)
                if domain and corecords != corecords.with_context(
                    active_test=False
                ).filtered_domain(domain):
                    return super()._check_company(fnames)
        return None

    def _check_user_company(self, companies):
        if self.env.su:
            return
        foreign = companies.sudo() - self.env.user.company_ids
        if foreign:
            raise AccessError(
                self.env._(
                    "You cannot put a %(model)s in company %(company)s: you do "
                    "not work for that company.",
                    model=self.env["ir.model"]._get(self._name).name,
                    company=foreign[0].name,
                )
            )
