# The two entry points on a fresh machine are `make verify` and `make test`;
# both install the C libraries (GMP, MPFR) first when they are missing, and `make test`
# also pdflatex (its tests compile the LaTeX reports).

SWIFT        ?= swift
RELEASE_BIN  := .build/release
THEOREMS     := $(wildcard theorems/*.toml)
REPORTS      ?= reports
# Extra options of the verify run, e.g. VERIFY_FLAGS="--jobs 1" (default: all cores).
VERIFY_FLAGS ?=

.PHONY: deps latex-deps build release test verify bench clean fuzz fuzz-build

deps:
	@./scripts/ensure-system-libraries.sh

# pdflatex and the LaTeX packages of the reports (about 66 MB of Debian packages), so
# that the test suite can compile every shipped theorem file's tables.
latex-deps:
	@./scripts/ensure-latex.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product verify

test: deps latex-deps
	$(SWIFT) test
	./scripts/check-eval-against-mpmath.sh

# The main job: verify every theorem file, writing the reports to $(REPORTS)/.
verify: release
	@mkdir -p $(REPORTS)
	@if [ -n "$(THEOREMS)" ]; then \
		$(RELEASE_BIN)/verify $(THEOREMS) --json $(REPORTS) --latex $(REPORTS) --junit $(REPORTS)/junit.xml \
			--markdown $(REPORTS)/summary.md $(VERIFY_FLAGS); \
	else \
		echo "no theorem files yet: evaluating the built-in example L*(2)"; \
		$(RELEASE_BIN)/verify eval "l/3 - 2*l^2/pi*asin(1/(2*l))" --set l=2 --digits 30; \
	fi

bench: deps
	$(SWIFT) build -c release --product verify
	$(SWIFT) build -c release --product verify-bench
	$(RELEASE_BIN)/verify-bench

# Fuzzing the theorem-file reader and the expression parser with libFuzzer (see
# Sources/fuzz-inputs/README.md): a separate instrumented build in $(FUZZ_DIR), one
# job, findings in $(FUZZ_DIR)/findings/, the corpus grown in $(FUZZ_DIR)/corpus/.
FUZZ_SECONDS ?= 1800
FUZZ_DIR     ?= .build-fuzz
FUZZ_FLAGS   ?=
FUZZ_BUILD   := $(SWIFT) build -c release --product fuzz-inputs --scratch-path $(FUZZ_DIR) \
	-Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING \
	-Xcc -fsanitize=fuzzer-no-link,address -Xcxx -fsanitize=fuzzer-no-link,address

fuzz-build: deps
	$(FUZZ_BUILD)

fuzz: fuzz-build
	@mkdir -p $(FUZZ_DIR)/corpus $(FUZZ_DIR)/findings
	cp Sources/fuzz-inputs/corpus/* $(THEOREMS) $(FUZZ_DIR)/corpus/
	cd $(FUZZ_DIR) && SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 ./release/fuzz-inputs corpus \
		-dict=../Sources/fuzz-inputs/fuzz-inputs.dict -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
		-detect_leaks=0 -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=findings/ -print_final_stats=1 \
		-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 $(FUZZ_FLAGS)

clean:
	rm -rf .build $(REPORTS)
