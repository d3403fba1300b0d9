package io.stagegate.lifecycle;

import java.util.List;

/** Who acts: the authenticated user id (a pseudonym the identity system resolves) and their groups. */
public record Actor(String userId, List<String> groups) {

    public static final String CONTRIBUTOR = "contributor";
    public static final String PMO = "pmo";
    public static final String INTEGRATION = "integration";
    public static final String ADMIN = "camunda-admin";

    public Actor {
        groups = List.copyOf(groups);
    }

    public boolean isMember(String group) {
        return groups.contains(group);
    }
}
