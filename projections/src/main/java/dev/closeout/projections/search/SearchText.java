package dev.closeout.projections.search;

import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.Transliterator;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Text as the search index and its queries see it. Text is first folded (ICU's NFKC case folding:
 * full-width letters and digits to ASCII, upper to lower case), then written in simplified script
 * (ICU's {@code Traditional-Simplified} transform, so 環境整治 and 环境整治 are the same text), then cut
 * into words by Lucene's smartcn segmenter (a hidden Markov model trained on simplified Chinese; Latin
 * words and numbers as words, punctuation dropped). Indexing and querying go through this one path,
 * so whatever script or width a user types, the words match.
 */
public final class SearchText {

    private static final Normalizer2 FOLD = Normalizer2.getNFKCCasefoldInstance();
    /** ICU does not promise a transliterator may be shared between threads, so it is used under its lock. */
    private static final Transliterator TO_SIMPLIFIED = Transliterator.getInstance("Traditional-Simplified");
    /** Lucene's analyzers hand each thread a tokenizer of its own. */
    private static final Analyzer WORDS = new SmartChineseAnalyzer();

    private SearchText() {
    }

    /** The text folded and in simplified script. */
    public static String normalize(String text) {
        String folded = FOLD.normalize(text);
        synchronized (TO_SIMPLIFIED) {
            return TO_SIMPLIFIED.transliterate(folded);
        }
    }

    /** The words of the text in order, repeats kept (they count in ranking). */
    public static List<String> terms(String text) {
        List<String> terms = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return terms;
        }
        try (TokenStream stream = WORDS.tokenStream("text", normalize(text))) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                terms.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return terms;
    }

    /** The distinct words of a query, in the order typed. */
    public static List<String> queryTerms(String query) {
        return List.copyOf(new LinkedHashSet<>(terms(query)));
    }
}
