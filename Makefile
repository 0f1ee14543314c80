# The front door.  The real build is CMake + Ninja (see CMakePresets.json).
#   make run    install what is missing, build, create the demo data on first
#               start, and run Monev
#   make test   install what is missing, build, and run every test (debug
#               and ASan/UBSan builds, style checks, fuzz corpus replay)
#   make fuzz   run each libFuzzer target for FUZZ_SECONDS (default 60)
#   make deb    build the Debian package (build/deb/monev_VERSION_ARCH.deb)

DATA        ?= monev-data
LISTEN      ?= 127.0.0.1:8080
FUZZ_SECONDS ?= 60
MONEV       := build/release/monev

.PHONY: all run test build deps test-deps e2e-deps bench debug asan release fuzz format clean deb

all: build

deps:
	@scripts/install-deps.sh build

test-deps:
	@scripts/install-deps.sh test

build: release

release: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release

debug: test-deps
	@cmake --preset debug >/dev/null
	@cmake --build --preset debug

asan: test-deps
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan

run: release
	@if [ ! -e "$(DATA)/monev.db" ]; then \
		echo "Membuat data demo di $(DATA)/ ..."; \
		$(MONEV) demo --data "$(DATA)" || exit 1; \
		echo; \
	else \
		echo "Memakai data yang ada di $(DATA)/. Akun dan kata sandinya ditampilkan saat data"; \
		echo "dibuat; untuk kata sandi baru: $(MONEV) --data $(DATA) user passwd --username NAMA"; \
		echo; \
	fi
	@echo "Buka http://$(LISTEN)/ di peramban dan masuk dengan salah satu akun di atas."
	@exec $(MONEV) --data "$(DATA)" serve --listen "$(LISTEN)"

e2e-deps: test-deps
	@if [ ! -d tests/e2e/node_modules/playwright-core ]; then \
		cd tests/e2e && npm ci --no-audit --no-fund; \
	fi

bench: release
	@scripts/install-deps.sh bench
	@MONEV=$(MONEV) bench/http.sh
	@MONEV=$(MONEV) bench/store.sh

test: test-deps e2e-deps
	@scripts/check-style.sh
	@cmake --preset debug >/dev/null
	@cmake --build --preset debug
	@ctest --preset debug -j2
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan
	@ctest --preset asan -j2
	@cmake --preset release >/dev/null
	@cmake --build --preset release

fuzz: test-deps
	@cmake --preset fuzz >/dev/null
	@cmake --build --preset fuzz
	@for f in build/fuzz/tests/fuzz/fuzz_*; do \
		name=$$(basename $$f); \
		mkdir -p build/fuzz/corpus/$$name; \
		echo "== $$name ($(FUZZ_SECONDS) s)"; \
		$$f -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
			build/fuzz/corpus/$$name tests/fuzz/corpus/$$name || exit 1; \
	done

deb: release
	@scripts/make-deb.sh $(MONEV) build/deb

format:
	@clang-format -i $$(git ls-files 'src/*.[ch]' 'tests/*.[ch]')

clean:
	rm -rf build
