package io.stagegate.gate;

import io.stagegate.lifecycle.Phase;
import java.util.ArrayList;
import java.util.List;

/** What a phase's gate still lacks, in the vocabulary of the API's {@code missing} list. */
public record GateStatus(
        Phase phase,
        List<String> missingDeliverables,
        List<String> pendingChecks,
        List<String> pendingSignoffs,
        List<String> unmetKpis) {

    public GateStatus {
        missingDeliverables = List.copyOf(missingDeliverables);
        pendingChecks = List.copyOf(pendingChecks);
        pendingSignoffs = List.copyOf(pendingSignoffs);
        unmetKpis = List.copyOf(unmetKpis);
    }

    /** What the team must still provide before it may submit. */
    public List<String> missingForSubmission() {
        List<String> missing = new ArrayList<>(missingDeliverables);
        missing.addAll(pendingChecks);
        return missing;
    }

    /** Everything that stands between the gate and an approval, KPIs as {@code kpi:<metric>}. */
    public List<String> missingForApproval() {
        List<String> missing = missingForSubmission();
        missing.addAll(pendingSignoffs);
        unmetKpis.forEach(metric -> missing.add("kpi:" + metric));
        return missing;
    }
}
