package dev.closeout.domain.inspection;

import dev.closeout.domain.common.Actor;
import dev.closeout.domain.inspection.InspectionEvent.FindingConvertedToTask;
import dev.closeout.domain.inspection.InspectionEvent.FindingRecorded;
import dev.closeout.domain.inspection.InspectionEvent.RoundClosed;
import dev.closeout.domain.inspection.InspectionEvent.RoundOpened;
import dev.closeout.domain.inspection.InspectionEvent.UnitInspected;
import dev.closeout.domain.task.TaskId;

import java.time.LocalDate;
import java.util.List;

/** A 四不两直 field round of the Zhangye office over two units, and the events of its steps. */
final class InspectionExamples {

    static final InspectionRoundId ROUND = new InspectionRoundId("round-2023-q2");
    static final Actor SUPERVISOR = Actor.supervisor("zhang.wei");
    static final Actor HOUSING = Actor.department("li.na", "HOUSING");
    static final String LEDGER = "2023 三抓三促 督查整改台账";
    static final String HOUSING_UNIT = "HOUSING";
    static final String WATER_UNIT = "WATER";
    static final FindingId FINDING = new FindingId("f-1");
    static final String PROBLEM = "老旧小区加装电梯进度滞后";
    static final TaskId TASK = FINDING.taskIdIn(ROUND);
    static final LocalDate DUE = LocalDate.of(2023, 6, 30);

    private InspectionExamples() {
    }

    static RoundOpened opened() {
        return new RoundOpened(ROUND, InspectionKind.FIELD, "二季度实地督查", List.of(HOUSING_UNIT, WATER_UNIT), LEDGER,
                SUPERVISOR);
    }

    static RoundOpened openedWithoutLedger() {
        return new RoundOpened(ROUND, InspectionKind.UNANNOUNCED, "暗访", List.of(HOUSING_UNIT, WATER_UNIT), null,
                SUPERVISOR);
    }

    static FindingRecorded found() {
        return new FindingRecorded(ROUND, FINDING, HOUSING_UNIT, PROBLEM, SUPERVISOR);
    }

    static UnitInspected inspected(String unit) {
        return new UnitInspected(ROUND, unit, SUPERVISOR);
    }

    static FindingConvertedToTask converted() {
        return new FindingConvertedToTask(ROUND, FINDING, TASK, LEDGER, HOUSING_UNIT + "：" + PROBLEM, HOUSING_UNIT, DUE,
                SUPERVISOR);
    }

    static RoundClosed closed() {
        return new RoundClosed(ROUND, SUPERVISOR);
    }
}
