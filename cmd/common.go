package cmd

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/pssa-project/pssa/internal/scoring"

	"github.com/spf13/cobra"

	"github.com/pssa-project/pssa/instruments"
	"github.com/pssa-project/pssa/internal/dataset"
	"github.com/pssa-project/pssa/internal/report"
)

// registry builds the instrument registry with the user's definition files
// and variant choices applied.
func (g *globalOptions) registry() (*instruments.Registry, error) {
	reg, err := instruments.Builtin()
	if err != nil {
		return nil, err
	}
	for _, f := range g.instruments {
		if err := reg.LoadFile(f); err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("--instruments %s: cannot read: %v", f, pathErr(err))
			}
			return nil, err
		}
	}
	chosen := map[string]bool{}
	for _, v := range g.variants {
		code, variant, ok := strings.Cut(v, "=")
		if !ok {
			return nil, usagef("--variant %q is not CODE=VARIANT", v)
		}
		up := strings.ToUpper(strings.TrimSpace(code))
		if chosen[up] {
			return nil, usagef("--variant chooses a variant of %s twice", up)
		}
		chosen[up] = true
		if err := reg.SelectVariant(strings.TrimSpace(code), strings.TrimSpace(variant)); err != nil {
			return nil, usagef("--variant: %v", err)
		}
	}
	return reg, nil
}

func (g *globalOptions) delimiterRune() rune {
	switch g.delimiter {
	case ",":
		return ','
	case ";":
		return ';'
	case "tab", `\t`, "\t":
		return '\t'
	}
	return 0
}

// openInput opens a file, or standard input for "-", with messages that say
// what is wrong with the path.
func openInput(cmd *cobra.Command, file string) (io.ReadCloser, string, error) {
	if file == "-" {
		return io.NopCloser(cmd.InOrStdin()), "<stdin>", nil
	}
	st, err := os.Stat(file)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, file, fmt.Errorf("%s: no such file", file)
		}
		return nil, file, fmt.Errorf("%s: cannot read: %v", file, pathErr(err))
	}
	if st.IsDir() {
		return nil, file, fmt.Errorf("%s: is a directory, not a CSV file", file)
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, file, fmt.Errorf("%s: cannot read: %v", file, pathErr(err))
	}
	return f, file, nil
}

func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// loaded is a read dataset with the registry it was read against.
type loaded struct {
	data    *dataset.Dataset
	reg     *instruments.Registry
	mapping *dataset.Mapping
	size    int64 // the input's size in bytes (0 when not a regular file)
}

// load reads and checks a wide file. With strict set it refuses a file that
// has errors (listing them all); warnings go to standard error either way.
func (g *globalOptions) load(cmd *cobra.Command, file string, strict bool) (*loaded, error) {
	reg, err := g.registry()
	if err != nil {
		return nil, err
	}
	return g.loadBlocks(cmd, file, strict, reg, nil)
}

// loadBlocks is load handing a CSV's rows to emit block by block as they
// are read (dataset.LoadBlocks; the dataset's columns then hold no values);
// other formats are loaded whole and emit is not called.
func (g *globalOptions) loadBlocks(cmd *cobra.Command, file string, strict bool, reg *instruments.Registry, emit func(*dataset.Dataset) error) (*loaded, error) {
	in, name, err := openInput(cmd, file)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	var size int64
	if st, err := os.Stat(file); err == nil && st.Mode().IsRegular() && file != "-" {
		size = st.Size()
		if g.process {
			limitMemory(size)
		}
	}
	ds, m, err := g.inputs.read(in, file, name, dataset.Options{Schema: scoring.Schema{Registry: reg}, Delimiter: g.delimiterRune(), Missing: g.missing, SizeHint: size}, emit)
	if err != nil {
		return nil, err
	}
	if strict {
		if err := ds.Err(); err != nil {
			return nil, err
		}
	}
	return &loaded{data: ds, reg: reg, mapping: m, size: size}, nil
}

// warnProblems records the dataset's warnings.
func (g *globalOptions) warnProblems(ps []dataset.Problem) {
	for _, p := range ps {
		g.warn(p.String())
	}
}

// emit renders doc in the chosen format to standard output or to -o. A file
// is written to a temporary file beside it and renamed, so an interrupted
// run leaves no half-written report; -o naming an input is refused.
func (g *globalOptions) emit(cmd *cobra.Command, doc *report.Document, inputs ...string) error {
	doc.Standalone = g.latexStandalone
	doc.Version = Version
	if g.output == "" || g.output == "-" {
		return report.Render(cmd.OutOrStdout(), g.format, doc)
	}
	for _, in := range inputs {
		if in != "" && in != "-" && samePath(in, g.output) {
			return usagef("-o %s is the input file; pssa never writes over its input", g.output)
		}
	}
	if err := g.checkOutputExt(cmd); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := report.Render(&buf, g.format, doc); err != nil {
		return err
	}
	return writeFileAtomic(g.output, buf.Bytes())
}

// emitStream is emit for output written piece by piece: to standard
// output, or to -o through a temporary file renamed at the end.
func (g *globalOptions) emitStream(cmd *cobra.Command, write func(io.Writer) error, inputs ...string) error {
	if g.output == "" || g.output == "-" {
		bw := bufio.NewWriterSize(cmd.OutOrStdout(), 1<<16)
		if err := write(bw); err != nil {
			return err
		}
		return bw.Flush()
	}
	for _, in := range inputs {
		if in != "" && in != "-" && samePath(in, g.output) {
			return usagef("-o %s is the input file; pssa never writes over its input", g.output)
		}
	}
	if err := g.checkOutputExt(cmd); err != nil {
		return err
	}
	f, err := createAtomic(g.output)
	if err != nil {
		return err
	}
	defer f.Abort()
	bw := bufio.NewWriterSize(f, 1<<20)
	if err := write(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("-o %s: %v", g.output, err)
	}
	return f.Commit()
}

func samePath(a, b string) bool {
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(sa, sb)
	}
	aa, _ := filepath.Abs(a)
	bb, _ := filepath.Abs(b)
	return aa == bb
}

func writeFileAtomic(path string, data []byte) error {
	f, err := createAtomic(path)
	if err != nil {
		return err
	}
	defer f.Abort()
	if _, err := f.Write(data); err != nil {
		return fmt.Errorf("-o %s: %v", path, err)
	}
	return f.Commit()
}

// atomicFile is written beside its destination and renamed into place by
// Commit; Abort (after Commit, a no-op) removes the temporary file. A
// destination that is not a regular file (/dev/stdout, /dev/null, a named
// pipe) is written in place: renaming over it would replace the device with
// a file. A symbolic link is followed, so the link stays and its target
// gets the output.
type atomicFile struct {
	*os.File
	dest   string
	done   bool
	direct bool
}

func createAtomic(path string) (*atomicFile, error) {
	st, err := os.Stat(path)
	if err == nil && st.IsDir() {
		return nil, fmt.Errorf("-o %s: is a directory", path)
	}
	if err == nil && !st.Mode().IsRegular() {
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return nil, fmt.Errorf("-o %s: %v", path, pathErr(err))
		}
		return &atomicFile{File: f, dest: path, direct: true}, nil
	}
	dest := path
	if err == nil {
		if real, err := filepath.EvalSymlinks(path); err == nil {
			dest = real
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(dest), ".pssa-*.tmp")
	if err != nil {
		return nil, fmt.Errorf("-o %s: %v", path, pathErr(err))
	}
	mode := os.FileMode(0o644)
	if st != nil {
		mode = st.Mode().Perm()
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, fmt.Errorf("-o %s: %v", path, err)
	}
	return &atomicFile{File: tmp, dest: dest}, nil
}

func (f *atomicFile) Commit() error {
	f.done = true
	if err := f.File.Close(); err != nil {
		if !f.direct {
			os.Remove(f.Name())
		}
		return fmt.Errorf("-o %s: %v", f.dest, err)
	}
	if f.direct {
		return nil
	}
	if err := replaceFile(f.Name(), f.dest); err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("-o %s: %v", f.dest, pathErr(err))
	}
	return nil
}

func (f *atomicFile) Abort() {
	if !f.done {
		f.File.Close()
		if !f.direct {
			os.Remove(f.Name())
		}
	}
}

// checkOutputExt refuses -o with the extension of a format this command
// does not write (a text table in report.html or scored.xlsx), unless
// --format says what to write.
func (g *globalOptions) checkOutputExt(cmd *cobra.Command) error {
	if f := cmd.Flags().Lookup("format"); f != nil && f.Changed {
		return nil
	}
	ext := strings.ToLower(filepath.Ext(g.output))
	switch ext {
	case ".html", ".htm", ".xlsx", ".xlsm", ".xls", ".ods", ".docx", ".doc", ".odt", ".pdf", ".png", ".svg", ".sav":
	default:
		return nil
	}
	hint := ""
	switch {
	case cmd.Name() != "analyze":
	case ext == ".html" || ext == ".htm" || ext == ".xlsx":
		hint = "; 'pssa report FILE -o " + filepath.Base(g.output) + "' writes analyze's results as an HTML or Excel report"
	case ext == ".pdf" || ext == ".png" || ext == ".svg":
		hint = "; 'pssa plot FILE -o " + filepath.Base(g.output) + "' draws the figure"
	}
	return usagef("-o %s: %s does not write %s files: name it .csv, .tsv, .json, .md, .tex or .txt, or say --format%s",
		g.output, cmd.CommandPath(), ext, hint)
}

// formatFromOutput picks the format from -o's extension when --format was
// not given.
func (g *globalOptions) formatFromOutput(cmd *cobra.Command) {
	if cmd.Flags().Changed("format") || g.output == "" {
		return
	}
	switch strings.ToLower(filepath.Ext(g.output)) {
	case ".csv":
		g.format = "csv"
	case ".tsv", ".tab":
		g.format = "tsv"
	case ".json":
		g.format = "json"
	case ".md", ".markdown":
		g.format = "markdown"
	case ".tex":
		g.format = "latex"
	case ".yaml", ".yml":
		g.format = "yaml"
	case ".txt":
		g.format = "text"
	}
}

// scoreFile loads a wide file (refusing one with errors), prints its
// warnings and returns its scores, computed on demand; a file with no
// instrument column is an error.
func (g *globalOptions) scoreFile(cmd *cobra.Command, file string) (*scoring.Scores, error) {
	l, err := g.load(cmd, file, true)
	if err != nil {
		return nil, err
	}
	if g.dropIDs {
		l.data.DropIDs()
	}
	sc := scoring.ScoreLazy(l.data, l.reg)
	if g.process {
		limitMemoryForAnalysis(sc, l.size, g.releaseItems)
	}
	g.warnProblems(l.data.Warnings())
	if len(sc.Scores) == 0 {
		return nil, noInstruments(l)
	}
	return sc, nil
}

// noInstruments is the error for a file with no instrument columns.
func noInstruments(l *loaded) error {
	return fmt.Errorf("%s: no instrument columns (expected names such as SSQ_1_T1 or SWLS_TOTAL_T2 for the instruments %s; 'pssa instruments' lists them)%s",
		l.data.File, strings.Join(l.reg.Codes(), ", "), namesHint(l))
}

// analysisBytesPerRow is the most the analysis holds at a time for one
// scale, per row and time point, in bytes: its scores, the groups' values
// picked from them and the group × time design. Measured on a registry
// (10^6 rows, 14 scales), a one-instrument file of the same rows and every
// instrument at 2·10^5 rows: 8–10 bytes for scores in a compact form
// (internal/scoring/compact.go), 15–18 for float64 values (scores given in
// the file, scales too wide for keys); each leaves a fifth or more.
const (
	analysisBytesPerRow      = 12
	analysisBytesPerRowFloat = 24
)

// limitMemoryForAnalysis lowers limitMemory's limit once a large file is
// loaded and its size in memory is known: to the loaded data, plus what the
// analysis holds at a time (analysisBytesPerRow for each row and time point
// of the scales analysed at once, one a core: the widest ones), plus
// 16 MiB for the runtime's own memory and slack. limitMemory's estimate has
// to allow for a file's data taking as many bytes as its cells; item
// responses take half a byte each. The loaded data include room sized for
// rows that did not come (plainLoader.estimate's margin): never written,
// so not resident, but the runtime counts it against the limit, so it
// stays in.
// The estimate stays above the analysis's working set, so the collector
// does not run without end; the limit is soft either way, and a user's
// GOMEMLIMIT wins.
func limitMemoryForAnalysis(sc *scoring.Scores, inputBytes int64, releasing bool) {
	if os.Getenv("GOMEMLIMIT") != "" || inputBytes < 8<<20 {
		return
	}
	// After a full collection (it returns with the heap swept) HeapAlloc is
	// the live heap: the data. (runtime/metrics would say the same, but its
	// package initialisation costs every run 0.1 ms.)
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	times := map[string]bool{}
	perRow := map[string]int64{} // by scale: bytes a row and time point
	for _, s := range sc.Scores {
		times[s.Time] = true
		key := s.Def.Code + "\x00" + s.Code
		b := int64(analysisBytesPerRow)
		if !s.Compactable() {
			b = analysisBytesPerRowFloat
		}
		perRow[key] = max(perRow[key], b)
	}
	widest := slices.Sorted(maps.Values(perRow))
	slices.Reverse(widest)
	var atOnce int64
	for _, b := range widest[:min(runtime.GOMAXPROCS(0), len(widest))] {
		atOnce += b
	}
	data := int64(ms.HeapAlloc)
	limit := data + atOnce*int64(len(times))*int64(sc.Data.Rows()) + 16<<20
	if releasing {
		limit = min(limit, releasingLimit(data, inputBytes))
	}
	if limit < debug.SetMemoryLimit(-1) {
		debug.SetMemoryLimit(limit)
	}
}

// releasingLimit caps the limit of an analysis that frees the items as it
// goes (analyze), which holds less and less data: half the data again, or
// three quarters of the file, whichever is more, and never less than the
// data plus 16 MiB for the runtime and the analysis's working set (a file
// just above 8 MiB loads into about 8 MB: half of that again left the
// collector running 150 times and the analysis 2.5x slower).
func releasingLimit(data, inputBytes int64) int64 {
	return max(data*3/2, inputBytes*3/4, data+16<<20)
}

// limitMemory sets a soft memory limit in proportion to the input, so that
// garbage is collected before the heap doubles: pssa's data take about as
// many bytes as the file's cells, and the limit keeps the whole process
// under twice the file's size on registry-sized inputs. The limit is soft
// (the collector works harder near it, nothing fails) and a user's
// GOMEMLIMIT wins.
func limitMemory(inputBytes int64) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetMemoryLimit(inputBytes*7/4 + 48<<20)
	if inputBytes < 8<<20 && os.Getenv("GOGC") == "" {
		// A study-sized file's whole run fits far below the limit: collect
		// only if the heap ever nears it (a quarter of the CPU time of a
		// small analyze went to collections that freed nothing needed).
		debug.SetGCPercent(-1)
	}
}
