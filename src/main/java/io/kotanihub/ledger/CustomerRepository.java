package io.kotanihub.ledger;

import java.time.OffsetDateTime;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The cache of Kotani mobile-money customers ({@code kotani_customers}), one per phone number. */
@Repository
public class CustomerRepository {

    private final JdbcTemplate jdbc;

    public CustomerRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<KotaniCustomer> find(String phone) {
        return jdbc.query("select phone, customer_key, country, network, created_at from kotani_customers "
                + "where phone = ?", (rs, n) -> new KotaniCustomer(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getString(4), LedgerTime.fromDb(rs.getObject(5, OffsetDateTime.class))), phone).stream().findFirst();
    }

    /** Stores the customer unless the phone is cached already (then the cached one wins and is returned). */
    public KotaniCustomer save(KotaniCustomer customer) {
        try {
            jdbc.update("insert into kotani_customers (phone, customer_key, country, network, created_at) "
                    + "values (?, ?, ?, ?, ?)", customer.phone(), customer.customerKey(), customer.country(),
                    customer.network(), LedgerTime.toDb(customer.createdAt()));
            return customer;
        } catch (DuplicateKeyException alreadyCached) {
            return find(customer.phone()).orElseThrow(() -> alreadyCached);
        }
    }
}
