package dev.closeout.projections.task;

import com.mongodb.client.MongoDatabase;
import dev.closeout.projections.support.ViewDocuments;

/** The task views by task id: {@link TaskViewProjection} writes them, the API reads them. */
public class TaskViews extends ViewDocuments<TaskView> {

    public TaskViews(MongoDatabase database) {
        super(database.getCollection(TaskViewProjection.COLLECTION), TaskView.class, TaskView::taskId);
    }
}
