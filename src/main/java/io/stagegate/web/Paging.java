package io.stagegate.web;

import io.stagegate.lifecycle.Refusal;

/** Validates {@code page} and {@code size}: page from 0, size from 1 to 200. */
public record Paging(int page, int size) {

    public static final int MAX_SIZE = 200;

    public static Paging of(Integer page, Integer size) {
        int p = page == null ? 0 : page;
        int s = size == null ? 20 : size;
        if (p < 0) {
            throw Refusal.badRequest("page", "page must be 0 or more");
        }
        if (s < 1 || s > MAX_SIZE) {
            throw Refusal.badRequest("size", "size must be between 1 and " + MAX_SIZE);
        }
        return new Paging(p, s);
    }
}
