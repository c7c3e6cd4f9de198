import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import {
    KanbanQuickCreateController,
    KanbanRecordQuickCreate,
} from "@web/views/kanban/kanban_record_quick_create";
import { KanbanRenderer } from "@web/views/kanban/kanban_renderer";
import { kanbanView } from "@web/views/kanban/kanban_view";

// Odoo's quick create "Edit" saves the record, then opens it: with the
// customer (required) still empty it only marks the field invalid. A
// complaint is often registered in full, so "Edit" opens the full form of a
// new complaint then, with what was typed as its defaults.
export class ComplaintQuickCreateController extends KanbanQuickCreateController {
    setup() {
        super.setup();
        this.action = useService("action");
    }

    async validate(mode) {
        if (mode !== "edit" || (await this.model.root.checkValidity())) {
            return super.validate(mode);
        }
        const context = { ...this.props.context };
        const changes = await this.model.root.getChanges();
        for (const [fieldName, value] of Object.entries(changes)) {
            context[`default_${fieldName}`] = value;
        }
        return this.action.doAction({
            type: "ir.actions.act_window",
            res_model: this.props.resModel,
            views: [[false, "form"]],
            context,
        });
    }
}

export class ComplaintRecordQuickCreate extends KanbanRecordQuickCreate {
    static components = { KanbanQuickCreateController: ComplaintQuickCreateController };
}

export class ComplaintKanbanRenderer extends KanbanRenderer {
    static components = {
        ...KanbanRenderer.components,
        KanbanRecordQuickCreate: ComplaintRecordQuickCreate,
    };
}

registry.category("views").add("customer_complaint_kanban", {
    ...kanbanView,
    Renderer: ComplaintKanbanRenderer,
});
