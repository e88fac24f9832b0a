# Multi-stage build: Maven builds the jar, a JRE runs it as a non-root user.
# routes/ and config/ are copied beside the jar and can be replaced by mounts without rebuilding:
#   docker run -p 8080:8080 -v "$PWD/routes:/app/routes" -v "$PWD/config:/app/config" kotani-hub
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN groupadd --system hub && useradd --system --gid hub --home-dir /app hub
WORKDIR /app
COPY --from=build /build/target/kotani-hub.jar /app/kotani-hub.jar
COPY routes /app/routes
COPY config /app/config
RUN mkdir -p /app/data && chown -R hub:hub /app
USER hub
EXPOSE 8080 8091
VOLUME ["/app/data"]
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/kotani-hub.jar"]
