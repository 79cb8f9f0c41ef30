package dev.closeout.application.publicboard;

import dev.closeout.application.web.LedgerPaths;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.context.request.WebRequest;

import java.util.Optional;

/**
 * The 公示 public board, for anyone without signing in: the list of public ledgers and each one's
 * figures, departments' rates and items, a page at a time. Pages may be kept by browsers and proxies
 * for as long as the board behind them is fresh, and are revalidated by entity tag.
 */
@Controller
@RequestMapping("/public")
class PublicBoardController {

    private final PublicBoard boards;
    private final PublicBoardProperties properties;

    PublicBoardController(PublicBoard boards, PublicBoardProperties properties) {
        this.boards = boards;
        this.properties = properties;
    }

    @GetMapping
    String index(Model model) {
        model.addAttribute("ledgers", boards.ledgers());
        model.addAttribute(LedgerPaths.MODEL, LedgerPaths.INSTANCE);
        return "public/index";
    }

    @GetMapping("/{ledger}")
    String ledger(@PathVariable String ledger, @RequestParam(defaultValue = "1") int page, WebRequest request,
                  HttpServletResponse response, Model model) {
        Optional<PublicBoard.Served> found = boards.board(ledger);
        if (found.isEmpty()) {
            // The same answer whether the ledger exists or not: the public learns nothing of unpublished ledgers.
            response.setStatus(HttpStatus.NOT_FOUND.value());
            return "public/not-found";
        }
        PublicBoard.Served served = found.get();
        PublicLedger.Page shown = served.board().page(page, properties.pageSize());
        response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.maxAge(served.freshFor()).cachePublic()
                .getHeaderValue());
        if (request.checkNotModified("\"" + served.board().version() + "-" + page + "\"")) {
            return null;
        }
        model.addAttribute("page", shown);
        model.addAttribute(LedgerPaths.MODEL, LedgerPaths.INSTANCE);
        model.addAttribute("board", served.board());
        model.addAttribute("cacheSeconds", properties.cacheFor().toSeconds());
        return "public/ledger";
    }
}
