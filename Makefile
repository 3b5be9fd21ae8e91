# Rendezvous: the everyday commands. `make help` lists them.
#
# The release build is static (no cgo: SQLite is pure Go), reproducible
# (-trimpath, the commit's date rather than the clock's) and stamped, so
# that `rendezvous version` names what it was built from.

GO      ?= go
BIN     ?= bin/rendezvous
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo devel)
COMMIT  ?= $(shell git rev-parse HEAD 2>/dev/null)
DATE    ?= $(shell TZ=UTC git log -1 --format=%cd --date=format-local:%Y-%m-%dT%H:%M:%SZ 2>/dev/null)
LDFLAGS := -s -w -X main.buildVersion=$(VERSION) -X main.buildCommit=$(COMMIT) -X main.buildDate=$(DATE) $(EXTRA_LDFLAGS)
# grpcnotrace keeps gRPC (imported by the OTLP exporter's configuration,
# never used to send) from importing golang.org/x/net/trace, whose init
# registers html/template pages on http.DefaultServeMux: a reachable
# template execution makes the linker keep every exported method of every
# type (docs/operations.md, "Binary and image size").
TAGS    ?= grpcnotrace
IMAGE   ?= rendezvous:$(VERSION)

# Pinned like scripts/test's.
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

.PHONY: help build test lint run image deploy-check clean

help:
	@echo 'make build         static, stamped binary in $(BIN)'
	@echo 'make test          the one command that verifies everything (./scripts/test); TEST_ARGS=... are passed to go test'
	@echo 'make lint          gofmt, go vet and staticcheck only'
	@echo 'make run           build and serve on http://127.0.0.1:8080 (SQLite, demo directory)'
	@echo 'make image         container image with Docker (deploy/Dockerfile)'
	@echo 'make deploy-check  validate the compose file and Kubernetes manifests offline'

build:
	CGO_ENABLED=0 $(GO) build -trimpath -tags '$(TAGS)' -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/rendezvous

test:
	./scripts/test $(TEST_ARGS)

lint:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

run: build
	./$(BIN) serve

image:
	docker build -f deploy/Dockerfile --build-arg VERSION=$(VERSION) --build-arg COMMIT=$(COMMIT) --build-arg DATE=$(DATE) -t $(IMAGE) .

deploy-check:
	$(GO) test -count=1 -run 'TestCompose|TestKubernetes|TestDockerfile' ./deploy/

clean:
	rm -rf bin
