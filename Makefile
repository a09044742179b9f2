# pssa — make targets. Everything a fresh machine needs comes from the Go
# module proxy; R is needed only to regenerate the reference values.
GO      ?= go
BIN     := bin/pssa
VERSION := $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X github.com/pssa-project/pssa/cmd.Version=$(VERSION)
FUZZTIME ?= 10s

.PHONY: build test test-latex demo bench bench-peers fuzz example r-reference clean

## build: bin/pssa, static (CGO_ENABLED=0)
# pflag imports net, whose cgo resolver makes the binary dynamically linked;
# loading libc costs about 2 ms of every run (16 vs 18 ms on the example),
# and pssa has no C code.
build:
	CGO_ENABLED=0 $(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) .

## test: vet and every test (unit tests against R values, in-process command tests, testscript)
test:
	$(GO) vet ./...
	$(GO) test ./...

## test-latex: install pdflatex (Debian texlive) and compile every LaTeX table pssa writes
test-latex:
	command -v pdflatex >/dev/null || (apt-get update -qq && apt-get install -y -qq texlive-latex-base texlive-latex-recommended)
	$(GO) test -run 'TestLatexCompiles' -v ./cmd

## demo: the main job on the bundled synthetic example
demo: build
	./$(BIN) validate testdata/example.csv
	./$(BIN) analyze testdata/example.csv --group-names "PSW=Peer support workers,SU=Service users,MHP=Mental health professionals"

## bench: Go benchmarks of the loader, scorer and tests
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

## bench-peers: pssa against R, Python and DuckDB peers, study size and registry size (BENCH_N, default 1e6)
bench-peers:
	bash bench/run.sh

## fuzz: each fuzz target briefly (FUZZTIME=10m for a real run)
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzLoad$$' -fuzztime $(FUZZTIME) ./internal/dataset
	$(GO) test -run '^$$' -fuzz '^FuzzScanner$$' -fuzztime $(FUZZTIME) ./internal/dataset
	$(GO) test -run '^$$' -fuzz '^FuzzParseColumnName$$' -fuzztime $(FUZZTIME) ./internal/dataset
	$(GO) test -run '^$$' -fuzz '^FuzzParseNumber$$' -fuzztime $(FUZZTIME) ./internal/dataset
	$(GO) test -run '^$$' -fuzz '^FuzzTemplate$$' -fuzztime $(FUZZTIME) ./internal/dataset
	$(GO) test -run '^$$' -fuzz '^FuzzLong$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s ./internal/dataset
	$(GO) test -run '^$$' -fuzz '^FuzzPlainPath$$' -fuzztime $(FUZZTIME) -parallel 1 ./internal/dataset
	$(GO) test -run '^$$' -fuzz '^FuzzSheet$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s -parallel 1 ./internal/dataset
	$(GO) test -run '^$$' -fuzz '^FuzzSheetAgainstExcelize$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s -parallel 1 ./internal/dataset
	$(GO) test -run '^$$' -fuzz '^FuzzParquet$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s -parallel 1 ./internal/dataset
	$(GO) test -run '^$$' -fuzz '^FuzzParseDefinitions$$' -fuzztime $(FUZZTIME) ./instruments
	$(GO) test -run '^$$' -fuzz '^FuzzChangeFlags$$' -fuzztime $(FUZZTIME) ./cmd
	$(GO) test -run '^$$' -fuzz '^FuzzFigureFlags$$' -fuzztime $(FUZZTIME) ./cmd
	$(GO) test -run '^$$' -fuzz '^FuzzRead$$' -fuzztime $(FUZZTIME) -parallel 1 ./internal/sav

## example: regenerate testdata/example.csv (deterministic)
example: build
	./$(BIN) simulate --participants 160 --seed 1 -o testdata/example.csv

## r-reference: regenerate the R reference values (needs r-base-core and r-cran-{coin,car,psych,effectsize,afex,lmertest,emmeans,numderiv})
r-reference:
	Rscript testdata/r/stats_reference.R
	Rscript testdata/r/pipeline_reference.R
	Rscript testdata/r/change_reference.R
	Rscript testdata/r/ci_reference.R
	Rscript testdata/r/lmm_reference.R
	Rscript testdata/r/mixed_anova_reference.R
	Rscript testdata/r/numerics_reference.R
	Rscript testdata/r/pipeline_ci_reference.R

clean:
	rm -rf bin
