package dev.closeout.application.infrastructure.readmodel;

import java.util.Set;

/**
 * The read models the application derives again from the events, by processing group and by collection
 * (docs/storage.md#read-models): what a backup leaves out (decision 0014) and what the embedded default keeps in
 * its read models' store (decision 0020). The alert feed is not among them: consumers follow its numbering, so it
 * is kept, backed up and restored.
 */
public final class RebuiltReadModels {

    /** Their processing groups. */
    public static final Set<String> GROUPS = Set.of("task-view", "ledger", "complaint-view", "complaint-ledger",
            "due-date-index", "audit-trail", "inspection-rounds", "search", "referral-ledger");

    /** Their collections, those of earlier layouts that may still be in a store included. */
    public static final Set<String> COLLECTIONS = Set.of(
            "task_views",
            "ledger_lines", "ledger_task_index", "ledger_department_fill", "ledgers", "ledger_line_versions",
            "ledger_line_changes", "ledger_departments",
            "complaint_views",
            "complaint_ledger_lines", "complaint_ledger_index", "complaint_ledger_months",
            "complaint_ledger_line_versions", "complaint_ledger_buckets",
            "due_date_days", "due_date_entries", "due_date_items", "due_date_marks", "due_dates",
            "audit_trail_lines", "audit_trail_placements", "audit_trail_lists", "audit_trail_entries",
            "audit_trail_days", "audit_trail_items", "audit_trail_events",
            "inspection_rounds", "inspection_task_links", "inspection_round_list", "inspection_round_counters",
            "search_lines", "search_item_index", "search_terms", "search_fill", "search_changes",
            "referral_ledger_lines", "referral_ledger_index", "referral_ledger_levels");

    private RebuiltReadModels() {
    }
}
