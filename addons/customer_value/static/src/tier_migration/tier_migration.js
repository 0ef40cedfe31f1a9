/** @odoo-module */

import { Component, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { formatMonetary } from "@web/views/fields/formatters";
import { useService } from "@web/core/utils/hooks";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

/**
 * The tier migration matrix between two tier reviews: tiers before in the rows (customers
 * new since the first review at the bottom), tiers after in the columns (customers gone by
 * the second review on the right). Every cell opens the customers who moved that way.
 */
export class TierMigration extends Component {
    static template = "customer_value.TierMigration";
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.wizardId = this.props.action.params.wizard_id;
        this.state = useState({ matrix: null });
        onWillStart(() => this.load());
    }

    async load() {
        this.state.matrix = await this.orm.call("customer.value.migration.wizard", "get_matrix", [[this.wizardId]]);
    }

    cell(row, col) {
        return this.state.matrix.cells[`${row.id || 0}-${col.id || 0}`];
    }

    money(amount) {
        return formatMonetary(amount, { currencyId: this.state.matrix.currency_id });
    }

    movementClass(row, col) {
        const cell = this.cell(row, col);
        return cell ? `o_customer_value_migration_${cell.movement}` : "";
    }

    get cornerLabel() {
        return _t("Before ↓ / After →");
    }

    async openCell(row, col) {
        const cell = this.cell(row, col);
        if (!cell) {
            return;
        }
        const action = await this.orm.call("customer.value.migration.line", "action_open_customers", [[cell.line_id]]);
        this.action.doAction(action);
    }

    async changeReviews() {
        this.action.doAction("customer_value.customer_value_migration_wizard_action");
    }
}

registry.category("actions").add("customer_value.tier_migration", TierMigration);
