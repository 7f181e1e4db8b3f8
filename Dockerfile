# Liaison: a static binary on a minimal image. Build: docker build -t liaison .
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/liaison ./app/cmd/liaison \
 && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/liaison /liaison
COPY --from=build --chown=65532:65532 /out/data /data
ENV LIAISON_ADDR=:8080 LIAISON_DATA_DIR=/data
VOLUME ["/data"]
EXPOSE 8080
USER 65532:65532
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s CMD ["/liaison", "healthcheck"]
ENTRYPOINT ["/liaison"]
CMD ["serve"]
