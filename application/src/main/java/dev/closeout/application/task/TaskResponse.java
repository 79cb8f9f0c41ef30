package dev.closeout.application.task;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.closeout.domain.time.Colour;
import dev.closeout.domain.time.ColourReason;
import dev.closeout.projections.task.TaskView;

import java.util.List;

/**
 * A task view as the API shows it: the stored view plus what depends on today's date, its colour
 * (红黄蓝) and the reasons for it.
 */
public record TaskResponse(@JsonUnwrapped TaskView task, boolean overdue, Colour colour,
                           List<ColourReason> colourReasons) {
}
