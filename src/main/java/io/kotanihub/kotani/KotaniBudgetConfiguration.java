package io.kotanihub.kotani;

import java.sql.DatabaseMetaData;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * Picks where the Kotani throttle keeps its budget: in PostgreSQL when the ledger is there (every instance on the
 * database shares it), in this process otherwise (the embedded H2 default serves one instance). Refuses to start
 * with {@code hub.kotani.throttle.instances}, which divided the budget statically and is gone.
 */
@Configuration(proxyBeanMethods = false)
public class KotaniBudgetConfiguration {

    static final String REMOVED_INSTANCES = "hub.kotani.throttle.instances";
    private static final Logger LOG = LoggerFactory.getLogger(KotaniBudgetConfiguration.class);

    @Bean
    KotaniBudgetStore kotaniBudgetStore(ObjectProvider<DataSource> dataSources, Environment environment) {
        refuseRemovedSettings(environment);
        DataSource dataSource = dataSources.getIfUnique();
        if (dataSource != null && isPostgres(dataSource)) {
            LOG.info("Kotani throttle: budget shared in PostgreSQL by every hub instance on this database");
            return new PostgresBudgetStore(dataSource);
        }
        LOG.info("Kotani throttle: budget kept in this process (one hub instance per Kotani key)");
        return new LocalBudgetStore();
    }

    static void refuseRemovedSettings(Environment environment) {
        if (Binder.get(environment).bind(REMOVED_INSTANCES, String.class).isBound()) {
            throw new IllegalStateException(REMOVED_INSTANCES + " is no longer supported: hub instances on one"
                    + " PostgreSQL database (profile postgres) share one Kotani budget by themselves. Remove the"
                    + " setting (on the embedded H2 default run one instance per Kotani key).");
        }
    }

    private static boolean isPostgres(DataSource dataSource) {
        try {
            String product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
            return "PostgreSQL".equalsIgnoreCase(product);
        } catch (MetaDataAccessException e) {
            throw new IllegalStateException("cannot tell which database the ledger uses", e);
        }
    }
}
