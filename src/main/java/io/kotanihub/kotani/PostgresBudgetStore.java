package io.kotanihub.kotani;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The throttle's state in PostgreSQL, shared by every hub instance on the database: each endpoint's token bucket is
 * a row of {@code kotani_throttle_bucket} kept by Bucket4j's PostgreSQL backend (read and written under
 * {@code SELECT ... FOR UPDATE}, so that two instances never take the same token), and a 429's pause a row of
 * {@code kotani_throttle_pause} (migration {@code db/vendor/postgresql/V35}). Bucket4j reckons time with each
 * instance's own clock: instances on several hosts need synchronised clocks (their skew counts against
 * {@code hub.kotani.throttle.jitter-allowance}).
 */
public class PostgresBudgetStore implements KotaniBudgetStore {

    static final String BUCKET_TABLE = "kotani_throttle_bucket";

    private final ProxyManager<String> proxies;
    private final JdbcTemplate jdbc;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public PostgresBudgetStore(DataSource dataSource) {
        this.proxies = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table(BUCKET_TABLE)
                .build();
        this.jdbc = new JdbcTemplate(dataSource);
    }

    @Override
    public Bucket bucket(String key, BucketConfiguration configuration) {
        return buckets.computeIfAbsent(key, k -> proxies.builder().build(k, () -> configuration));
    }

    @Override
    public Optional<Instant> pausedUntil(KotaniEndpoint endpoint) {
        List<Long> until = jdbc.queryForList("select paused_until_ms from kotani_throttle_pause where endpoint = ?",
                Long.class, endpoint.name());
        return until.stream().findFirst().map(Instant::ofEpochMilli);
    }

    @Override
    public void pause(KotaniEndpoint endpoint, Instant until) {
        jdbc.update("insert into kotani_throttle_pause (endpoint, paused_until_ms) values (?, ?) "
                + "on conflict (endpoint) do update set paused_until_ms = "
                + "greatest(kotani_throttle_pause.paused_until_ms, excluded.paused_until_ms)",
                endpoint.name(), until.toEpochMilli());
    }
}
