package dev.closeout.application.deadline;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import dev.closeout.projections.deadline.DueDateIndexProjection;
import dev.closeout.projections.support.Slots;
import org.bson.Document;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;

/** The shared due-date index seen from a test: a task filed by hand, as the projection files one, and what is filed. */
final class IndexFilings {

    private IndexFilings() {
    }

    /** Files task {@code id} under {@code day} (an entry in the day's next slot, and the item naming it); its key. */
    static String fileTask(MongoDatabase database, LocalDate day, String id) {
        String entry = new Slots(database, DueDateIndexProjection.DAYS).take(day.toString()).key();
        database.getCollection(DueDateIndexProjection.ENTRIES).insertOne(new Document("_id", entry)
                .append("item", "TASK:" + id));
        database.getCollection(DueDateIndexProjection.ITEMS).replaceOne(Filters.eq("_id", "TASK:" + id),
                new Document("_id", "TASK:" + id).append("entry", entry), new ReplaceOptions().upsert(true));
        return entry;
    }

    /** Takes a task filed by {@link #fileTask} out of the index. */
    static void remove(MongoDatabase database, String id) {
        Document item = database.getCollection(DueDateIndexProjection.ITEMS).findOneAndDelete(
                Filters.eq("_id", "TASK:" + id));
        if (item != null) {
            database.getCollection(DueDateIndexProjection.ENTRIES).deleteOne(Filters.eq("_id", item.getString("entry")));
        }
    }

    /** The ids of the tasks filed under some date of the shared index. */
    static Set<String> filedTasks(MongoDatabase database) {
        Set<String> ids = new HashSet<>();
        for (Document item : database.getCollection(DueDateIndexProjection.ITEMS).find()) {
            String key = item.getString("_id");
            if (key.startsWith("TASK:") && item.getString("entry") != null) {
                ids.add(key.substring("TASK:".length()));
            }
        }
        return ids;
    }
}
