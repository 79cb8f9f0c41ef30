package dev.closeout.application.spreadsheet;

/** A sheet with more rows than an import takes; reading stops at the first row too many. */
final class SheetTooLarge extends RuntimeException {

    SheetTooLarge() {
        super(null, null, false, false);
    }
}
