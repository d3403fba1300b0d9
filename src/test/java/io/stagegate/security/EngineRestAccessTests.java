package io.stagegate.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

class EngineRestAccessTests {

    private final EngineRestAccess access = new EngineRestAccess(new EngineRestAllowList());

    @Test
    void letsCamundaAdminsChangeEngineState() {
        assertThat(granted(user("admin", "camunda-admin"), "POST", "/engine-rest/message"))
                .isTrue();
        assertThat(granted(user("admin", "camunda-admin"), "POST", "/engine-rest/deployment/create"))
                .isTrue();
    }

    @Test
    void refusesWritesToEveryoneElseWhateverTheirGroups() {
        assertThat(granted(user("pmo", "pmo"), "POST", "/engine-rest/message")).isFalse();
        assertThat(granted(user("dev", "contributor"), "PUT", "/engine-rest/process-instance/p/variables/x"))
                .isFalse();
        assertThat(granted(user("lead", "contributor", "pmo"), "POST", "/engine-rest/deployment/create"))
                .isFalse();
    }

    @Test
    void letsEveryUserReadAndWorkTasks() {
        assertThat(granted(user("auditor", "auditor"), "GET", "/engine-rest/process-definition"))
                .isTrue();
        assertThat(granted(user("dev", "contributor"), "POST", "/engine-rest/task/42/complete"))
                .isTrue();
    }

    @Test
    void refusesAnonymousCallers() {
        Authentication anonymous = new AnonymousAuthenticationToken(
                "key", "anonymousUser", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));
        assertThat(granted(anonymous, "GET", "/engine-rest/process-definition")).isFalse();
        assertThat(granted(null, "GET", "/engine-rest/process-definition")).isFalse();
    }

    @Test
    void readsThePathBelowTheEngineRestRootUnderAnyContextPath() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/app/engine-rest/task/1/complete");
        request.setContextPath("/app");
        assertThat(EngineRestAccess.pathBelowEngineRest(request)).isEqualTo("/task/1/complete");
        assertThat(EngineRestAccess.pathBelowEngineRest(new MockHttpServletRequest("GET", "/engine-rest")))
                .isEqualTo("/");
    }

    @Test
    void refusesAMethodOverrideHeader() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/engine-rest/task/count");
        request.addHeader("X-HTTP-Method-Override", "DELETE");
        assertThat(access.authorize(() -> user("dev", "contributor"), new RequestAuthorizationContext(request))
                        .isGranted())
                .isFalse();
    }

    private boolean granted(Authentication caller, String method, String uri) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, uri);
        return access.authorize(() -> caller, new RequestAuthorizationContext(request))
                .isGranted();
    }

    private static Authentication user(String id, String... groups) {
        return UsernamePasswordAuthenticationToken.authenticated(
                id,
                null,
                Stream.of(groups)
                        .map(group -> new SimpleGrantedAuthority("ROLE_" + group))
                        .toList());
    }
}
