package dev.closeout.application.inspection;

import dev.closeout.domain.inspection.InspectionKind;

import java.time.LocalDate;
import java.util.List;

/** Request bodies of the inspection-round API. Fields are checked when the command is built from them. */
final class InspectionRequests {

    private InspectionRequests() {
    }

    /** {@code ledger}: where the findings' tasks go unless a conversion names another; optional. */
    record Open(InspectionKind kind, String title, List<String> units, String ledger) {
    }

    record Finding(String unit, String description) {
    }

    /** Without a ledger the round's; without a title the finding's; without a lead department the unit. */
    record Conversion(String ledger, String title, String leadDepartment, LocalDate dueDate) {
    }
}
