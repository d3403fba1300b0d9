package io.stagegate.web;

import java.util.List;

/** A page of a list, as every list endpoint answers it. */
public record Paged<T>(List<T> items, int page, int size, long total) {}
