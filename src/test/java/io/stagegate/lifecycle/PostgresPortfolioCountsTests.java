package io.stagegate.lifecycle;

import io.stagegate.StagegatePostgresTest;

/** The portfolio counts on a real PostgreSQL server, where concurrent creations really wait for each other's rows. */
@StagegatePostgresTest
class PostgresPortfolioCountsTests extends PortfolioCountsContract {}
