package io.eldercare.testsupport;

import io.eldercare.infra.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * One real PostgreSQL server and one real Kafka broker per test JVM, shared by every test and Spring context in it.
 * Testcontainers where a Docker engine answers; zonky's embedded PostgreSQL and spring-kafka's KRaft broker where
 * not. Both stop when the JVM exits.
 */
public final class SharedInfrastructure {

    private static final Logger log = LoggerFactory.getLogger(SharedInfrastructure.class);

    /** Where and how to connect to the shared PostgreSQL server. */
    public record Database(String host, int port, String username, String password) {

        public String jdbcUrl(String database) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }
    }

    private static Database database;
    private static String kafkaBootstrapServers;

    private SharedInfrastructure() {
    }

    public static synchronized Database database() {
        if (database == null) {
            if (dockerAvailable()) {
                PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
                container.start();
                database = new Database(container.getHost(), container.getMappedPort(5432), container.getUsername(),
                        container.getPassword());
                log.info("PostgreSQL in a container on port {}", database.port());
            } else {
                EmbeddedPostgresServer server = EmbeddedPostgresServer.start(null, 0);
                Runtime.getRuntime().addShutdownHook(new Thread(server::close, "embedded-postgres-stop"));
                database = new Database("localhost", server.port(), server.username(), server.password());
                log.info("embedded PostgreSQL on port {}", database.port());
            }
        }
        return database;
    }

    /** A database of its own on the shared server, created on first use; returns its JDBC URL. */
    public static String createDatabase(String name) {
        Database db = database();
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl("postgres"), db.username(),
                db.password()); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            if (!"42P04".equals(e.getSQLState())) { // already exists
                throw new IllegalStateException("could not create database " + name, e);
            }
        }
        return db.jdbcUrl(name);
    }

    public static synchronized String kafkaBootstrapServers() {
        if (kafkaBootstrapServers == null) {
            if (dockerAvailable()) {
                KafkaContainer container = new KafkaContainer("apache/kafka:4.1.1");
                container.start();
                kafkaBootstrapServers = container.getBootstrapServers();
            } else {
                EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
                broker.brokerProperty("auto.create.topics.enable", "false");
                broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
                broker.afterPropertiesSet();
                Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "embedded-kafka-stop"));
                kafkaBootstrapServers = broker.getBrokersAsString();
            }
            log.info("Kafka broker at {}", kafkaBootstrapServers);
        }
        return kafkaBootstrapServers;
    }

    private static boolean dockerAvailable() {
        if (Boolean.getBoolean("eldercare.tests.embedded")) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
