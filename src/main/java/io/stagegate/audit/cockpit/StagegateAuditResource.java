package io.stagegate.audit.cockpit;

import io.stagegate.audit.AuditReaders;
import io.stagegate.audit.AuditReading;
import io.stagegate.lifecycle.Refusal;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.camunda.bpm.cockpit.plugin.resource.AbstractCockpitPluginRootResource;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.springframework.web.context.support.WebApplicationContextUtils;

/**
 * The plugin's read-only API under {@code /camunda/api/cockpit/plugin/stagegate-audit/{engine}/…}. Cockpit's
 * security filter lets only logged-in users of that engine through; this resource then applies the audit API's own
 * rule ({@link AuditReaders}): auditors and the PMO read, everyone else is refused. JAX-RS, not Spring, creates this
 * class, so the Spring beans come from the web application context the servlet context carries.
 */
@Path("plugin/" + StagegateAuditPlugin.ID)
public class StagegateAuditResource extends AbstractCockpitPluginRootResource {

    private static final MediaType HTML = MediaType.valueOf("text/html;charset=UTF-8");
    private static final MediaType JSON = MediaType.valueOf("application/json;charset=UTF-8");

    public StagegateAuditResource() {
        super(StagegateAuditPlugin.ID);
    }

    @GET
    @Path("{engine}/projects")
    @Produces("application/json")
    public Response projects(@PathParam("engine") String engine) {
        return answer(engine, JSON, reader -> reading().overview());
    }

    @GET
    @Path("{engine}/projects/{id}")
    @Produces("application/json")
    public Response project(@PathParam("engine") String engine, @PathParam("id") String id) {
        return answer(engine, JSON, reader -> reading().project(id, reader, locale()));
    }

    @GET
    @Path("{engine}/projects/{id}/audit-file.html")
    @Produces("text/html")
    public Response auditFile(@PathParam("engine") String engine, @PathParam("id") String id) {
        return answer(engine, HTML, reader -> reading().projectHtml(id, reader, locale()));
    }

    @GET
    @Path("{engine}/system")
    @Produces("application/json")
    public Response system(@PathParam("engine") String engine) {
        return answer(engine, JSON, reader -> reading().systemChain());
    }

    private Response answer(String engine, MediaType type, Function<String, String> body) {
        Authentications authentications = Authentications.getCurrent();
        if (authentications == null
                || !(authentications.getAuthenticationForProcessEngine(engine) instanceof UserAuthentication user)) {
            return refusal(Response.Status.UNAUTHORIZED, "Log in to Cockpit first");
        }
        List<String> groups = user.getGroupIds() == null ? List.of() : List.copyOf(user.getGroupIds());
        if (!AuditReaders.mayRead(groups)) {
            return refusal(Response.Status.FORBIDDEN, "The Stagegate audit is for auditors and the PMO");
        }
        try {
            return Response.ok(body.apply(user.getIdentityId()), type)
                    .header("Cache-Control", "no-store")
                    .build();
        } catch (Refusal refusal) {
            return refusal(Response.Status.fromStatusCode(refusal.status()), refusal.getMessage());
        }
    }

    private static Response refusal(Response.Status status, String detail) {
        String escaped = detail.replace("\\", "\\\\").replace("\"", "\\\"");
        return Response.status(status)
                .type("application/problem+json")
                .entity("{\"status\":" + status.getStatusCode() + ",\"detail\":\"" + escaped + "\"}")
                .build();
    }

    private AuditReading reading() {
        return WebApplicationContextUtils.getRequiredWebApplicationContext(servletContext)
                .getBean(AuditReading.class);
    }

    private Locale locale() {
        List<Locale> languages = headers.getAcceptableLanguages();
        Locale first = languages.isEmpty() ? Locale.ENGLISH : languages.get(0);
        return "zh".equals(first.getLanguage()) ? Locale.SIMPLIFIED_CHINESE : Locale.ENGLISH;
    }
}
