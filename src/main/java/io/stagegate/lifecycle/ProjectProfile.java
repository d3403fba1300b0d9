package io.stagegate.lifecycle;

import java.util.List;

/**
 * What the policies decide on: the project's industry, privacy level, complexity, domain, audience,
 * jurisdictions and EU risk class. Every enum here is part of the API contract.
 */
public record ProjectProfile(
        Industry industry,
        PrivacyLevel privacyLevel,
        ProcessComplexity processComplexity,
        DomainSpecialization domainSpecialization,
        Audience audience,
        List<Jurisdiction> jurisdictions,
        EuRiskClass euRiskClass) {

    public ProjectProfile {
        jurisdictions = List.copyOf(jurisdictions);
    }

    public enum Industry {
        FINANCE,
        HEALTHCARE,
        GOVERNMENT,
        INDUSTRIAL,
        EDUCATION,
        RETAIL,
        OTHER
    }

    public enum PrivacyLevel {
        HIGH,
        MEDIUM,
        LOW
    }

    public enum ProcessComplexity {
        SIMPLE,
        COMPLEX
    }

    public enum DomainSpecialization {
        GENERAL,
        SPECIALIZED
    }

    public enum Audience {
        INTERNAL,
        PUBLIC
    }

    public enum Jurisdiction {
        CN,
        EU,
        US,
        OTHER
    }

    public enum EuRiskClass {
        MINIMAL,
        LIMITED,
        HIGH
    }
}
