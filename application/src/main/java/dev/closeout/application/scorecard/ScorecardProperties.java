package dev.closeout.application.scorecard;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;

/**
 * How the quarterly evaluation (季度考评) groups and weighs departments:
 * {@code closeout.scorecard.categories[i].name} and {@code .departments} rank departments only
 * against their own category ("differentiated by category": counties apart from city departments);
 * {@code closeout.scorecard.weights.on-time}, {@code .response} and {@code .satisfaction} weigh the
 * three rates in the score (default 50, 30, 20).
 */
@ConfigurationProperties("closeout.scorecard")
public record ScorecardProperties(List<Category> categories, Weights weights) {

    /** Departments not named in any category are ranked together under this name. */
    public static final String UNCATEGORISED = "未分类 Uncategorised";

    public record Category(String name, List<String> departments) {
    }

    /** Relative weights; a rate a department has no figures for is left out and the others share its weight. */
    public record Weights(Double onTime, Double response, Double satisfaction) {
    }

    public ScorecardProperties {
        categories = categories == null ? List.of() : List.copyOf(categories);
        weights = new Weights(orDefault(weights == null ? null : weights.onTime(), 50),
                orDefault(weights == null ? null : weights.response(), 30),
                orDefault(weights == null ? null : weights.satisfaction(), 20));
    }

    private static double orDefault(Double value, double fallback) {
        if (value != null && (value < 0 || value.isNaN())) {
            throw new IllegalArgumentException("closeout.scorecard.weights must not be negative, was " + value);
        }
        return value == null ? fallback : value;
    }
}
