from odoo import api, models


class IrModuleModule(models.Model):
    _inherit = "ir.module.module"

    @api.model
    def _load_module_terms(self, modules, langs, overwrite=False):
        """A language loaded after the companies were made: their default
        texts get its translation, as ``account`` does for the records it
        makes from code."""
        res = super()._load_module_terms(modules, langs, overwrite=overwrite)
        if "customer_complaint" in modules:
            companies = self.env["res.company"].with_context(active_test=False)
            companies.search([])._complaint_translate_defaults(langs)
        return res
