package io.stagegate.lifecycle;

import java.util.List;

/** The cross-functional team; when {@code members} is not empty only they (and the owners) contribute. */
public record Team(String businessOwner, String techLead, String complianceOfficer, List<String> members) {

    public Team {
        members = members == null ? List.of() : List.copyOf(members);
    }

    public boolean restrictsContributors() {
        return !members.isEmpty();
    }

    public boolean includes(String userId) {
        return members.contains(userId)
                || userId.equals(businessOwner)
                || userId.equals(techLead)
                || userId.equals(complianceOfficer);
    }
}
