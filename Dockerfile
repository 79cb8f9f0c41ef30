# Builds the application jar with the project's own Maven wrapper, then runs it on a JRE.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -ntp -DskipTests package \
 && java -Djarmode=tools -jar application/target/closeout.jar extract --destination /src/extracted

FROM eclipse-temurin:17-jre
# The reports' PDFs are written in Noto Sans CJK (closeout.reports.pdf-font); Ubuntu packages it as Debian does.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-noto-cjk && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Spring Boot's extracted layout (the jar and its libraries beside it) starts faster than the single jar
COPY --from=build /src/extracted /app
EXPOSE 8080
# Not the embedded default profile's demo users: configure closeout.security.users (operations.md)
ENV SPRING_PROFILES_ACTIVE=production
ENTRYPOINT ["java", "-jar", "/app/closeout.jar"]
