package cmd_test

import (
	"bytes"
	"encoding/json"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/pssa-project/pssa/cmd"
)

// runReport writes pssa report of the example to dir/name and returns its path.
func runReport(t *testing.T, dir, name string, extra ...string) string {
	t.Helper()
	out := filepath.Join(dir, name)
	args := append([]string{"report", "../testdata/example.csv", "-o", out}, extra...)
	var stdout, stderr bytes.Buffer
	if code := cmd.Run(args, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if stdout.Len() > 0 {
		t.Errorf("report wrote to standard output: %q", stdout.String())
	}
	return out
}

// TestReportHTMLSelfContained: the HTML report fetches nothing, runs no
// script, inlines its figure and names its input's SHA-256.
func TestReportHTMLSelfContained(t *testing.T) {
	path := runReport(t, t.TempDir(), "report.html")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, bad := range []string{"<script", "<link", "src=\"http", "href=\"http", "@import", "url("} {
		if strings.Contains(s, bad) {
			t.Errorf("report.html contains %q", bad)
		}
	}
	for _, want := range []string{"<svg", "<style>", "Input SHA-256", "PSW: change between time points", "Methods", "Results in words", "Provenance"} {
		if !strings.Contains(s, want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
	if strings.Contains(s, "<?xml") {
		t.Error("the inline SVG keeps its XML declaration")
	}
}

// TestReportHTMLInChromium opens the report in headless Chromium (skipped
// when chromium is not on PATH) and checks that it rendered a screenshot.
func TestReportHTMLInChromium(t *testing.T) {
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not on PATH")
	}
	dir := t.TempDir()
	path := runReport(t, dir, "report.html")
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(dir, "out.png")
	profile := filepath.Join(dir, "profile")
	c := exec.Command(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir="+profile,
		"--screenshot="+shot, "--window-size=1280,2000", "file://"+abs)
	var stderr bytes.Buffer
	c.Stderr = &stderr
	done := make(chan error, 1)
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { done <- c.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("chromium: %v\n%s", err, stderr.String())
		}
	case <-time.After(2 * time.Minute):
		c.Process.Kill()
		t.Fatalf("chromium did not finish in 2 minutes\n%s", stderr.String())
	}
	f, err := os.Open(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v\n%s", err, stderr.String())
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 1280 || b.Dy() != 2000 {
		t.Errorf("screenshot is %v, want 1280×2000", b)
	}
	// A blank page is one colour: the rendered report is not.
	seen := map[[3]uint32]bool{}
	for y := 0; y < img.Bounds().Dy(); y += 7 {
		for x := 0; x < img.Bounds().Dx(); x += 7 {
			r, g, b, _ := img.At(x, y).RGBA()
			seen[[3]uint32{r >> 8, g >> 8, b >> 8}] = true
		}
	}
	if len(seen) < 3 {
		t.Errorf("the screenshot has %d colours: the page looks blank", len(seen))
	}
}

// TestReportXLSX re-reads the workbook with excelize: one sheet per table
// plus Notes, sheet names valid and unique, numbers stored as numeric cells
// at full precision with display formats, values as analyze's JSON has them.
func TestReportXLSX(t *testing.T) {
	dir := t.TempDir()
	path := runReport(t, dir, "report.xlsx")
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if sheets[len(sheets)-1] != "Notes" {
		t.Errorf("last sheet %q, want Notes", sheets[len(sheets)-1])
	}
	seen := map[string]bool{}
	for _, s := range sheets {
		if n := len([]rune(s)); n > 31 || n == 0 {
			t.Errorf("sheet name %q has %d characters", s, n)
		}
		if strings.ContainsAny(s, `:\/?*[]`) {
			t.Errorf("sheet name %q has a character Excel refuses", s)
		}
		if seen[strings.ToLower(s)] {
			t.Errorf("sheet name %q twice", s)
		}
		seen[strings.ToLower(s)] = true
	}
	const change = "PSW change between time points"
	if !seen[strings.ToLower(change)] {
		t.Fatalf("no sheet %q in %q", change, sheets)
	}

	// The reference: analyze's JSON, full precision.
	var stdout, stderr bytes.Buffer
	if code := cmd.Run([]string{"analyze", "../testdata/example.csv", "--format", "json"}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("analyze: exit %d: %s", code, stderr.String())
	}
	var ref struct {
		Paired []map[string]any `json:"paired"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &ref); err != nil {
		t.Fatal(err)
	}
	var first map[string]any // PSW SSQ T1–T2
	for _, p := range ref.Paired {
		if p["group"] == "PSW" && p["instrument"] == "SSQ" && p["from"] == "T1" && p["to"] == "T2" {
			first = p
		}
	}
	if first == nil {
		t.Fatal("no PSW SSQ T1–T2 row in analyze's JSON")
	}

	rows, err := f.GetRows(change, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if rows[0][0] != "PSW: change between time points" {
		t.Errorf("A1 = %q, want the table's title", rows[0][0])
	}
	col := map[string]int{}
	for j, h := range rows[1] {
		col[h] = j
	}
	for _, h := range []string{"Scale", "Times", "n", "M from", "M to", "Δ", "V", "Z", "p", "d_z", "95% CI low", "95% CI high"} {
		if _, ok := col[h]; !ok {
			t.Fatalf("no column %q in %q", h, rows[1])
		}
	}
	row := rows[2]
	if row[col["Scale"]] != "SSQ" || row[col["Times"]] != "T1–T2" {
		t.Fatalf("first row %q, want SSQ T1–T2", row)
	}
	check := func(header, key string, format string) {
		t.Helper()
		cell, _ := excelize.CoordinatesToCellName(col[header]+1, 3)
		typ, err := f.GetCellType(change, cell)
		if err != nil {
			t.Fatal(err)
		}
		if typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
			t.Errorf("%s (%s) is a cell of type %v, want a number", header, cell, typ)
		}
		raw, _ := f.GetCellValue(change, cell, excelize.Options{RawCellValue: true})
		got, err := strconv.ParseFloat(raw, 64)
		if err != nil {
			t.Fatalf("%s (%s) = %q is not a number", header, cell, raw)
		}
		want := first[key].(float64)
		if got != want && math.Abs(got-want) > 1e-15*math.Abs(want) {
			t.Errorf("%s = %.17g, want %.17g (full precision)", header, got, want)
		}
		style, err := f.GetCellStyle(change, cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(style)
		if err != nil {
			t.Fatal(err)
		}
		if st.CustomNumFmt == nil || *st.CustomNumFmt != format {
			got := "(none)"
			if st.CustomNumFmt != nil {
				got = *st.CustomNumFmt
			}
			t.Errorf("%s display format %s, want %s", header, got, format)
		}
		// The display rounds; the value does not.
		shown, _ := f.GetCellValue(change, cell)
		if digits := len(format) - 2; digits > 0 && strings.Contains(shown, ".") && len(shown[strings.Index(shown, ".")+1:]) != digits {
			t.Errorf("%s shows %q, want %d decimals", header, shown, digits)
		}
	}
	check("M from", "mean_from", "0.00")
	check("M to", "mean_to", "0.00")
	check("Δ", "diff", "0.00")
	check("V", "statistic", "0.0")
	check("Z", "z", "0.00")
	check("p", "p", "0.000")
	check("d_z", "d_z", "0.00")
	check("95% CI low", "d_z_ci_low", "0.00")
	check("95% CI high", "d_z_ci_high", "0.00")
	if n, _ := strconv.Atoi(row[col["n"]]); n != int(first["n"].(float64)) {
		t.Errorf("n = %q, want %v", row[col["n"]], first["n"])
	}

	// The scores table splits "M (SD)" into numbers.
	scores, err := f.GetRows("PSW scores by time point")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(scores[1], "|"); got != "Scale||T1 n|T1 M|T1 SD|T2 n|T2 M|T2 SD|T3 n|T3 M|T3 SD" {
		t.Errorf("scores header %q", got)
	}

	notes, err := f.GetRows("Notes")
	if err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	for _, r := range notes {
		text.WriteString(strings.Join(r, "\t") + "\n")
	}
	for _, want := range []string{"pssa version", "Input SHA-256", "Option paired_test\twilcoxon", "Warnings", "Methods", "Effect size for paired contrasts"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("Notes lacks %q", want)
		}
	}
}

// TestReportUsage: no -o, another extension, --format, or -o naming the
// input are usage errors (exit 2) that write nothing.
func TestReportUsage(t *testing.T) {
	dir := t.TempDir()
	input := filepath.Join(dir, "in.html")
	data, err := os.ReadFile("../testdata/example.csv")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(input, data, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"report", "../testdata/example.csv"}, "report needs -o FILE ending in .html or .xlsx"},
		{[]string{"report", "../testdata/example.csv", "-o", filepath.Join(dir, "r.pdf")}, "the report's format comes from the extension"},
		{[]string{"report", "../testdata/example.csv", "-o", filepath.Join(dir, "r.html"), "--format", "json"}, "--format: the report's format comes from -o's extension"},
		{[]string{"report", input, "-o", input}, "is the input file"},
	} {
		var stdout, stderr bytes.Buffer
		if code := cmd.Run(tc.args, nil, &stdout, &stderr); code != cmd.ExitUsage {
			t.Errorf("%q: exit %d, want %d", tc.args, code, cmd.ExitUsage)
		}
		if !strings.Contains(stderr.String(), tc.msg) {
			t.Errorf("%q: stderr %q lacks %q", tc.args, stderr.String(), tc.msg)
		}
	}
	if got, _ := os.ReadFile(input); !bytes.Equal(got, data) {
		t.Error("the input was written over")
	}
	for _, name := range []string{"r.pdf", "r.html"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			t.Errorf("%s was written", name)
		}
	}
}

// TestNoExcelizeInBinary: pssa reads and writes .xlsx itself; excelize,
// whose package initialisation cost every run about 1 ms, is for tests
// only (docs/architecture.md, "Excel workbooks").
func TestNoExcelizeInBinary(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool")
	}
	out, err := exec.Command(goTool, "list", "-deps", "github.com/pssa-project/pssa").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for _, p := range strings.Fields(string(out)) {
		if strings.Contains(p, "excelize") {
			t.Errorf("the pssa binary links %s", p)
		}
	}
}
