package io.kotanihub.dispatch;

import io.kotanihub.support.PostgresTest;
import org.springframework.test.annotation.DirtiesContext;

/** Closes its context afterwards: a cached context would keep its PostgreSQL connections for the whole run. */
@PostgresTest
@DirtiesContext
class PaymentTypesFlowPostgresTest extends PaymentTypesFlowTestBase {
}
