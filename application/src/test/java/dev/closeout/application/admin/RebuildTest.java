package dev.closeout.application.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.closeout.application.support.IntegrationTest;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.closeout.projections.ledger.LedgerProjection;
import dev.closeout.projections.support.Keys;
import dev.closeout.projections.task.TaskViewProjection;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RebuildTest extends IntegrationTest {

    @Test
    void rebuilding_the_read_models_from_the_event_store_yields_the_same_ledger_and_views() throws Exception {
        String ledger = uniqueLedger("重建台账");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String id = supervisor.post("/api/tasks", Map.of("ledger", ledger, "title", "任务 " + i,
                    "leadDepartment", i % 3 == 0 ? "DEPT-B" : "DEPT-A",
                    "dueDate", today().plusDays(i - 6).toString())).json().get("taskId").asText();
            ids.add(id);
        }
        for (int i = 0; i < ids.size(); i++) {
            String path = "/api/tasks/" + ids.get(i);
            var lead = i % 3 == 0 ? deptB : deptA;
            if (i % 2 == 0) {
                lead.post(path + "/claim");
                lead.post(path + "/closure-request", Map.of("evidence", "完成"));
                supervisor.post(path + "/close");
            } else if (i % 5 == 0) {
                supervisor.post(path + "/withdraw", Map.of("reason", "重复"));
            }
        }
        String ledgerPath = ledgerPath(ledger);
        JsonNode before = awaitStable(ledgerPath);
        JsonNode viewBefore = auditor.get("/api/tasks/" + ids.get(0)).json();
        assertThat(before.get("closed").asLong()).isEqualTo(6);

        // Damage the read models behind the API's back: only a replay of the events can mend them. The ledger's
        // counters go with its lines, so that the copy of the lines each instance holds (decision 0017) sees it
        // at once rather than at its next whole read.
        database.getCollection(LedgerProjection.COLLECTION).deleteMany(Filters.eq("ledger", ledger));
        database.getCollection(LedgerProjection.FILL).deleteMany(Filters.in("_id",
                Keys.of(ledger, "DEPT-A"), Keys.of(ledger, "DEPT-B")));
        database.getCollection(TaskViewProjection.COLLECTION).updateOne(Filters.eq("_id", ids.get(0)),
                Updates.set("title", "被篡改"));
        assertThat(auditor.get(ledgerPath).status()).isEqualTo(404);

        assertThat(deptA.post("/api/admin/projections/rebuild").status()).isEqualTo(403);
        assertThat(auditor.post("/api/admin/projections/rebuild").status()).isEqualTo(403);
        assertThat(supervisor.post("/api/admin/projections/rebuild?processor=no-such").status()).isEqualTo(404);
        assertThat(supervisor.post("/api/admin/projections/rebuild").status()).isEqualTo(202);

        awaitProjectionsCaughtUp();
        assertThat(auditor.get(ledgerPath).json()).isEqualTo(before);
        assertThat(auditor.get("/api/tasks/" + ids.get(0)).json()).isEqualTo(viewBefore);
    }

    private JsonNode awaitStable(String path) throws InterruptedException {
        awaitProjectionsCaughtUp();
        return auditor.get(path).json();
    }
}
