package io.kotanihub.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;

/** The PostgreSQL server tests use: {@code HUB_TEST_PG_URL} (an admin database), user and password. */
public final class PostgresServer {

    public static final String ADMIN_URL = env("HUB_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    public static final String USER = env("HUB_TEST_PG_USER", "postgres");
    public static final String PASSWORD = env("HUB_TEST_PG_PASSWORD", "");

    private PostgresServer() { }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    public static Connection admin() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", USER);
        props.setProperty("password", PASSWORD);
        props.setProperty("connectTimeout", "3");
        return DriverManager.getConnection(ADMIN_URL, props);
    }

    /** Creates an empty database and returns its JDBC URL. */
    public static String createDatabase() {
        String name = "kotanihub_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = admin(); Statement statement = connection.createStatement()) {
            statement.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database on " + ADMIN_URL, e);
        }
        return ADMIN_URL.substring(0, ADMIN_URL.lastIndexOf('/') + 1) + name;
    }

    public static boolean ciRequiresPostgres() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }
}
