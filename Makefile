# The two entry points on a fresh machine are `make verify` and `make test`;
# both install the C libraries (GMP, MPFR) first when they are missing.

SWIFT        ?= swift
RELEASE_BIN  := .build/release
THEOREMS     := $(wildcard theorems/*.toml)
REPORTS      ?= reports

.PHONY: deps build release test verify bench clean

deps:
	@./scripts/ensure-system-libraries.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product verify

test: deps
	$(SWIFT) test
	./scripts/check-eval-against-mpmath.sh

# The main job: verify every theorem file, writing the reports to $(REPORTS)/.
verify: release
	@mkdir -p $(REPORTS)
	@if [ -n "$(THEOREMS)" ]; then \
		$(RELEASE_BIN)/verify $(THEOREMS) --json $(REPORTS) --latex $(REPORTS) --junit $(REPORTS)/junit.xml; \
	else \
		echo "no theorem files yet: evaluating the built-in example L*(2)"; \
		$(RELEASE_BIN)/verify eval "l/3 - 2*l^2/pi*asin(1/(2*l))" --set l=2 --digits 30; \
	fi

bench: deps
	$(SWIFT) build -c release --product verify
	$(SWIFT) build -c release --product verify-bench
	$(RELEASE_BIN)/verify-bench

clean:
	rm -rf .build $(REPORTS)
