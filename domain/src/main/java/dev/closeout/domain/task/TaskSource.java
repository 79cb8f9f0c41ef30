package dev.closeout.domain.task;

/** Where a task came from (任务来源). */
public enum TaskSource {
    /** 省上督办 */
    PROVINCIAL_SUPERVISION,
    /** 市级交办 */
    CITY_ASSIGNMENT,
    /** 自行梳理 */
    SELF_IDENTIFIED,
    /** 督查检查发现: a finding of an inspection round. */
    INSPECTION,
    /** 信访/投诉转办: a complaint converted into a rectification task. */
    COMPLAINT
}
