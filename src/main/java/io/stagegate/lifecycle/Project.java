package io.stagegate.lifecycle;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The project aggregate: its profile, targets and team, and where its lifecycle stands. State changes go through
 * guarded methods so that an impossible transition fails loudly instead of being stored.
 */
public final class Project {

    private final String id;
    private String name;
    private ProjectProfile profile;
    private Team team;
    private List<Kpi> kpis;
    private ProjectStatus status;
    private Phase currentPhase;
    private PhaseState phaseState;
    private Recommendation recommendation;
    private Approach approach;
    private int validationLoops;
    private boolean launched;
    private String processInstanceId;
    private final String createdBy;
    private final Instant createdAt;
    private Instant updatedAt;
    private long rowVersion;
    /** Where the stored row is counted in the portfolio counts; moves on each save. */
    private PortfolioCounts.Cell counted;

    Project(
            String id,
            String name,
            ProjectProfile profile,
            Team team,
            List<Kpi> kpis,
            ProjectStatus status,
            Phase currentPhase,
            PhaseState phaseState,
            Recommendation recommendation,
            Approach approach,
            int validationLoops,
            boolean launched,
            String processInstanceId,
            String createdBy,
            Instant createdAt,
            Instant updatedAt,
            long rowVersion) {
        this.id = id;
        this.name = name;
        this.profile = profile;
        this.team = team;
        this.kpis = List.copyOf(kpis);
        this.status = status;
        this.currentPhase = currentPhase;
        this.phaseState = phaseState;
        this.recommendation = recommendation;
        this.approach = approach;
        this.validationLoops = validationLoops;
        this.launched = launched;
        this.processInstanceId = processInstanceId;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
        this.rowVersion = rowVersion;
        this.counted = PortfolioCounts.Cell.of(this);
    }

    /** An equal, separate aggregate: what a transaction's earlier read of the same row hands to the next reader. */
    Project copy() {
        return new Project(
                id,
                name,
                profile,
                team,
                kpis,
                status,
                currentPhase,
                phaseState,
                recommendation,
                approach,
                validationLoops,
                launched,
                processInstanceId,
                createdBy,
                createdAt,
                updatedAt,
                rowVersion);
    }

    static Project create(
            String id, String name, ProjectProfile profile, Team team, List<Kpi> kpis, String createdBy, Instant now) {
        return new Project(
                id,
                name,
                profile,
                team,
                kpis,
                ProjectStatus.ACTIVE,
                Phase.REQUIREMENTS,
                PhaseState.NOT_STARTED,
                null,
                null,
                0,
                false,
                null,
                createdBy,
                now,
                now,
                0);
    }

    public void enter(Phase phase) {
        requireOpen();
        this.currentPhase = phase;
        this.phaseState = PhaseState.IN_PREPARATION;
    }

    public void moveTo(PhaseState state) {
        requireOpen();
        this.phaseState = state;
    }

    public void recommend(Recommendation recommendation) {
        this.recommendation = Objects.requireNonNull(recommendation);
    }

    public void choose(Approach approach) {
        requireOpen();
        this.approach = Objects.requireNonNull(approach);
    }

    public void countValidationLoop() {
        this.validationLoops++;
    }

    public void launch() {
        if (status != ProjectStatus.ACTIVE && status != ProjectStatus.OPERATING) {
            throw new IllegalStateException("Project " + id + " cannot launch from " + status);
        }
        this.status = ProjectStatus.OPERATING;
        this.launched = true;
        this.currentPhase = Phase.OPERATION;
        this.phaseState = PhaseState.PASSED;
    }

    public void cancel() {
        if (status != ProjectStatus.ACTIVE) {
            throw new IllegalStateException("Project " + id + " cannot be cancelled from " + status);
        }
        this.status = ProjectStatus.CANCELLED;
    }

    public void retire() {
        if (status != ProjectStatus.OPERATING) {
            throw new IllegalStateException("Project " + id + " cannot retire from " + status);
        }
        this.status = ProjectStatus.RETIRED;
    }

    public void amend(String name, ProjectProfile profile, Team team, List<Kpi> kpis) {
        requireOpen();
        this.name = name;
        this.profile = profile;
        this.team = team;
        this.kpis = List.copyOf(kpis);
    }

    void attachProcessInstance(String processInstanceId) {
        this.processInstanceId = processInstanceId;
    }

    void touched(Instant at, long newRowVersion) {
        this.updatedAt = at;
        this.rowVersion = newRowVersion;
        this.counted = PortfolioCounts.Cell.of(this);
    }

    PortfolioCounts.Cell counted() {
        return counted;
    }

    private void requireOpen() {
        if (!status.isOpen()) {
            throw new IllegalStateException("Project " + id + " is " + status);
        }
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public ProjectProfile profile() {
        return profile;
    }

    public Team team() {
        return team;
    }

    public List<Kpi> kpis() {
        return kpis;
    }

    public ProjectStatus status() {
        return status;
    }

    public Phase currentPhase() {
        return currentPhase;
    }

    public PhaseState phaseState() {
        return phaseState;
    }

    public Recommendation recommendation() {
        return recommendation;
    }

    public Approach approach() {
        return approach;
    }

    public int validationLoops() {
        return validationLoops;
    }

    public boolean launched() {
        return launched;
    }

    public String processInstanceId() {
        return processInstanceId;
    }

    public String createdBy() {
        return createdBy;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    long rowVersion() {
        return rowVersion;
    }

    /** Whether the user may contribute to this project as a member of the contributor group. */
    public boolean acceptsContributor(String userId) {
        return !team.restrictsContributors() || team.includes(userId);
    }
}
