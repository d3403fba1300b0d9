package io.stagegate.lifecycle;

import java.util.List;

public record ProjectPage(List<Project> items, long total) {}
