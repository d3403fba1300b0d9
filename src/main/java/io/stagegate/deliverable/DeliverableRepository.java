package io.stagegate.deliverable;

import static io.stagegate.lifecycle.ProjectRepository.instant;
import static io.stagegate.lifecycle.ProjectRepository.utc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagegate.lifecycle.Phase;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class DeliverableRepository {

    private static final String COLUMNS = "id, project_id, phase, type, version, iteration, title, uri, sha256,"
            + " size_bytes, media_type, file_name, metrics_json, submitted_by, submitted_at";

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    DeliverableRepository(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    int nextVersion(String projectId, String type) {
        return jdbc.sql("select coalesce(max(version), 0) + 1 from sg_deliverable where project_id = :p and type = :t")
                .param("p", projectId)
                .param("t", type)
                .query(Integer.class)
                .single();
    }

    void insert(Deliverable d, byte[] content) {
        jdbc.sql("insert into sg_deliverable (" + COLUMNS + ") values (:id, :projectId, :phase, :type, :version,"
                        + " :iteration, :title, :uri, :sha256, :size, :mediaType, :fileName, :metrics, :submittedBy,"
                        + " :submittedAt)")
                .param("id", d.id())
                .param("projectId", d.projectId())
                .param("phase", d.phase().name())
                .param("type", d.type())
                .param("version", d.version())
                .param("iteration", d.iteration())
                .param("title", d.title())
                .param("uri", d.uri())
                .param("sha256", d.sha256())
                .param("size", d.size())
                .param("mediaType", d.mediaType())
                .param("fileName", d.fileName())
                .param("metrics", d.metrics().isEmpty() ? null : write(d.metrics()))
                .param("submittedBy", d.submittedBy())
                .param("submittedAt", utc(d.submittedAt()))
                .update();
        if (content != null) {
            jdbc.sql("insert into sg_deliverable_content (deliverable_id, content) values (:id, :content)")
                    .param("id", d.id())
                    .param("content", content)
                    .update();
        }
    }

    public Optional<Deliverable> find(String projectId, String id) {
        return jdbc.sql("select " + COLUMNS + " from sg_deliverable where project_id = :p and id = :id")
                .param("p", projectId)
                .param("id", id)
                .query(this::deliverable)
                .optional();
    }

    Optional<byte[]> content(String id) {
        return jdbc.sql("select content from sg_deliverable_content where deliverable_id = :id")
                .param("id", id)
                .query((rs, row) -> rs.getBytes(1))
                .optional();
    }

    public List<Deliverable> page(String projectId, Phase phase, int page, int size) {
        return jdbc.sql("select " + COLUMNS + " from sg_deliverable where project_id = :p"
                        + (phase == null ? "" : " and phase = :phase")
                        + " order by submitted_at desc, version desc limit :limit offset :offset")
                .param("p", projectId)
                .params(phase == null ? Map.of() : Map.of("phase", phase.name()))
                .param("limit", size)
                .param("offset", (long) page * size)
                .query(this::deliverable)
                .list();
    }

    public long count(String projectId, Phase phase) {
        return jdbc.sql("select count(*) from sg_deliverable where project_id = :p"
                        + (phase == null ? "" : " and phase = :phase"))
                .param("p", projectId)
                .params(phase == null ? Map.of() : Map.of("phase", phase.name()))
                .query(Long.class)
                .single();
    }

    /** The newest version of each type registered for the phase from the given iteration on. */
    public Map<String, Deliverable> latestPerType(String projectId, Phase phase, int fromIteration) {
        Map<String, Deliverable> latest = new LinkedHashMap<>();
        jdbc.sql("select " + COLUMNS + " from sg_deliverable where project_id = :p and phase = :phase"
                        + " and iteration >= :from order by version")
                .param("p", projectId)
                .param("phase", phase.name())
                .param("from", fromIteration)
                .query(this::deliverable)
                .list()
                .forEach(d -> latest.put(d.type(), d));
        return latest;
    }

    /**
     * Every version registered for the given phases of several projects, oldest version first, in one query (the
     * project list); the caller picks each project's evidence window.
     */
    public List<Deliverable> ofPhases(Collection<String> projectIds, Collection<Phase> phases) {
        if (projectIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select " + COLUMNS + " from sg_deliverable where project_id in (:ids) and phase in (:phases)"
                        + " order by version")
                .param("ids", projectIds)
                .param("phases", phases.stream().map(Phase::name).toList())
                .query(this::deliverable)
                .list();
    }

    private Deliverable deliverable(ResultSet rs, int row) throws SQLException {
        long size = rs.getLong("size_bytes");
        boolean sizeUnknown = rs.wasNull();
        String metrics = rs.getString("metrics_json");
        return new Deliverable(
                rs.getString("id"),
                rs.getString("project_id"),
                Phase.valueOf(rs.getString("phase")),
                rs.getString("type"),
                rs.getInt("version"),
                rs.getInt("iteration"),
                rs.getString("title"),
                rs.getString("uri"),
                rs.getString("sha256"),
                sizeUnknown ? null : size,
                rs.getString("media_type"),
                rs.getString("file_name"),
                metrics == null ? Map.of() : read(metrics),
                rs.getString("submitted_by"),
                instant(rs, "submitted_at"));
    }

    private String write(Map<String, Double> metrics) {
        try {
            return json.writeValueAsString(metrics);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Double> read(String metrics) {
        try {
            return json.readValue(metrics, new TypeReference<Map<String, Double>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
