package io.kotanihub.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * The message brokers that tests use: RabbitMQ ({@code HUB_TEST_RABBITMQ_HOST}/{@code _PORT}, guest/guest) and
 * Mosquitto ({@code HUB_TEST_MQTT_HOST}/{@code _PORT}), 127.0.0.1:5672 and 127.0.0.1:1883 by default.
 */
public final class Brokers {

    public static final String RABBITMQ_HOST = env("HUB_TEST_RABBITMQ_HOST", "127.0.0.1");
    public static final int RABBITMQ_PORT = Integer.parseInt(env("HUB_TEST_RABBITMQ_PORT", "5672"));
    public static final String RABBITMQ_USER = env("HUB_TEST_RABBITMQ_USER", "guest");
    public static final String RABBITMQ_PASSWORD = env("HUB_TEST_RABBITMQ_PASSWORD", "guest");
    public static final String MQTT_HOST = env("HUB_TEST_MQTT_HOST", "127.0.0.1");
    public static final int MQTT_PORT = Integer.parseInt(env("HUB_TEST_MQTT_PORT", "1883"));

    private Brokers() { }

    public static String mqttUrl() {
        return "tcp://" + MQTT_HOST + ":" + MQTT_PORT;
    }

    /** Null when something accepts TCP connections at host:port, else why not. */
    static String unreachable(String what, String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2000);
            return null;
        } catch (IOException e) {
            return what + " is not reachable at " + host + ":" + port + " (" + e.getMessage() + ")";
        }
    }

    static boolean ciRequiresBrokers() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
