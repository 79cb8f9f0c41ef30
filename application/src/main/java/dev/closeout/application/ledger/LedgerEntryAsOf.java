package dev.closeout.application.ledger;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.closeout.projections.ledger.LedgerEntry;

/** A ledger entry at the end of a past day, with the task's title (a title never changes). */
public record LedgerEntryAsOf(String title, @JsonUnwrapped LedgerEntry entry) {
}
