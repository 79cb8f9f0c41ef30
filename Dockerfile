# Builds the application jar with the project's own Maven wrapper, then runs it on a JRE.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -ntp -DskipTests package

FROM eclipse-temurin:17-jre
# The reports' PDFs are written in Noto Sans CJK (closeout.reports.pdf-font); Ubuntu packages it as Debian does.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-noto-cjk && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /src/application/target/closeout.jar /app/closeout.jar
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/closeout.jar"]
