package io.stagegate.lifecycle;

import io.stagegate.StagegateIntegrationTest;

/** The portfolio counts on the embedded H2 database. */
@StagegateIntegrationTest
class PortfolioCountsTests extends PortfolioCountsContract {}
