package dev.closeout.domain.complaint;

/** Who passed the complaint down to this office, if anyone (转办/交办). */
public enum Referral {
    /** 省上转办 */
    PROVINCE,
    /** 市级交办 */
    CITY,
    /** 县级交办 */
    COUNTY,
    /** Received directly by this office. */
    NONE
}
