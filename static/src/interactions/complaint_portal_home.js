import { patch } from "@web/core/utils/patch";
import { PortalHomeCounters } from "@portal/interactions/portal_home_counters";

/**
 * The Complaints card of /my stays shown with no complaint yet (as sale does
 * for its orders): it is the customer's way to file the first one. The
 * server sends the counter to customers only, so others never see the card.
 */
patch(PortalHomeCounters.prototype, {
    getCountersAlwaysDisplayed() {
        return super.getCountersAlwaysDisplayed(...arguments).concat(["complaint_count"]);
    },
});
