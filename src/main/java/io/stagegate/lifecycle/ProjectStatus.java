package io.stagegate.lifecycle;

public enum ProjectStatus {
    ACTIVE,
    OPERATING,
    CANCELLED,
    RETIRED;

    public boolean isOpen() {
        return this == ACTIVE || this == OPERATING;
    }
}
