package dev.closeout.domain.complaint;

/** How a complaint reached the office (来源渠道). */
public enum ComplaintChannel {
    /** 信访件: a letter or petition through the petition office. */
    PETITION,
    /** 12345 政务服务便民热线 work order. */
    HOTLINE_12345,
    /** 社会监督问题: raised through public supervision (media, deputies, supervisors' boards). */
    PUBLIC_SUPERVISION,
    /** 网上信访 / online message boards. */
    ONLINE,
    /** 来访: the complainant came in person. */
    VISIT
}
