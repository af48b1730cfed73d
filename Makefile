# Shortcuts; the README's two commands need none of this.
.PHONY: serve test bench loadtest generate data ci

serve:
	go run ./cmd/claimsmap serve

test:
	go test ./...

generate:
	go tool templ generate

# Regenerate the default dataset's layers from their sources and Natural Earth.
data:
	go run ./cmd/claimsmap build-data

bench:
	go test ./web ./internal/... ./geo -run XXX -bench . -benchtime 2s

# Requests per second for /layers/controlled.geojson against the same bytes
# as a static file, with wrk (apt-get install wrk).
loadtest:
	CLAIMSMAP_LOADTEST=1 go test ./web -run LoadWrk -v -count=1

ci:
	bash .ci/run
