from odoo import api, models
from odoo.exceptions import AccessError


class CustomerComplaintCompanyMixin(models.AbstractModel):
    """Records a user may only put in the companies they work for.

    The multi-company record rules check a record as it is before a write;
    this checks the company it is given, on create and write, for every user
    but the superuser (intake and portal code run as superuser on purpose).
    A record without company (a shared team) is allowed. The consistency of
    the record's relations with its company is Odoo's own (check_company).
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

    def _check_user_company(self, companies):
        if self.env.su:
            return
        # sudo: the error names a company the user may not read (not theirs).
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
