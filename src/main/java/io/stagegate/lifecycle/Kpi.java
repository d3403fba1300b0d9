package io.stagegate.lifecycle;

/** A value target (价值指标) with its baseline, target, unit and the direction in which it is met. */
public record Kpi(String metric, double baseline, double target, String unit, Direction direction) {

    public enum Direction {
        AT_LEAST,
        AT_MOST
    }

    public boolean isMetBy(double measured) {
        return direction == Direction.AT_LEAST ? measured >= target : measured <= target;
    }
}
