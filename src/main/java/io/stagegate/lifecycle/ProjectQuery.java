package io.stagegate.lifecycle;

import io.stagegate.lifecycle.ProjectProfile.Industry;

/** A filtered page of the portfolio. */
public record ProjectQuery(ProjectStatus status, Phase phase, Industry industry, int page, int size) {}
