package io.stagegate.security;

import java.util.List;

/**
 * The demo users of the product specification (password {@code stagegate.demo.password}, {@code demo} by default).
 * They exist only while {@code stagegate.demo.enabled} is true; {@link IdentityBootstrap} creates them, and
 * {@link DemoModeEnvironment} keeps them out of production. {@code lead} is in two groups to show the four-eyes rule.
 */
final class DemoIdentity {

    /** A demo user: its groups, plus the groups that the configured functions map to (see {@link FunctionGroups}). */
    record DemoUser(String id, String firstName, String lastName, List<String> groups, List<String> functions) {

        DemoUser(String id, String firstName, String lastName, List<String> groups) {
            this(id, firstName, lastName, groups, List.of());
        }

        static DemoUser signingFor(String id, String firstName, String lastName, String function) {
            return new DemoUser(id, firstName, lastName, List.of(), List.of(function));
        }
    }

    static final List<DemoUser> USERS = List.of(
            new DemoUser("pmo", "Pat", "PMO", List.of(AuthorizationModel.PMO)),
            new DemoUser("pmo2", "Pia", "PMO", List.of(AuthorizationModel.PMO)),
            new DemoUser("dev", "Dana", "Developer", List.of(AuthorizationModel.CONTRIBUTOR)),
            new DemoUser("lead", "Lee", "Lead", List.of(AuthorizationModel.CONTRIBUTOR, AuthorizationModel.PMO)),
            DemoUser.signingFor("biz", "Bea", "Business", "BUSINESS"),
            DemoUser.signingFor("tech", "Theo", "Technology", "TECHNOLOGY"),
            DemoUser.signingFor("comp", "Cora", "Compliance", "COMPLIANCE"),
            new DemoUser("auditor", "Avi", "Auditor", List.of(AuthorizationModel.AUDITOR)),
            new DemoUser("integration", "Integration", "Service", List.of(AuthorizationModel.INTEGRATION)),
            new DemoUser("admin", "Ada", "Admin", List.of(AuthorizationModel.ADMIN)));

    private DemoIdentity() {}
}
