# Builds the application jar with the project's own Maven wrapper, then runs it on a JRE.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -ntp -DskipTests package

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/application/target/closeout.jar /app/closeout.jar
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/closeout.jar"]
