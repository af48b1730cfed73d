# Shortcuts; the README's two commands need none of this.
.PHONY: serve test bench loadtest lighthouse vulncheck generate data ci

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

# Requests per second and p99 of pages, an embed, a layer, a tile and a PNG,
# each beside the same bytes as a static file, and of / while another client
# hammers distinct image sizes; with wrk (apt-get install wrk).
loadtest:
	CLAIMSMAP_LOADTEST=1 go test ./web -run TestLoad -v -count=1 -timeout 20m

# Lighthouse (mobile) scores of the map, a region and the article page.
lighthouse:
	bash .ci/lighthouse

# govulncheck against a database built offline from golang.org/x/vulndb.
vulncheck:
	bash .ci/vulncheck

ci:
	bash .ci/run
