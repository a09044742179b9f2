package cmd_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/pssa-project/pssa/cmd"
)

// Every table pssa writes as LaTeX compiles with pdflatex (Overleaf's
// default engine) as a standalone document, with no box wider than the
// text. Skipped where pdflatex is not installed; `make test-latex`
// installs it and runs this test.
func TestLatexCompiles(t *testing.T) {
	if _, err := exec.LookPath("pdflatex"); err != nil {
		t.Skip("pdflatex not installed (make test-latex installs texlive and runs this test)")
	}
	example := "../testdata/example.csv"
	scored := t.TempDir() + "/scored.csv"
	if code := cmd.Run([]string{"score", example, "--format", "csv", "-o", scored}, nil, &bytes.Buffer{}, &bytes.Buffer{}); code != 0 {
		t.Fatal("score failed")
	}
	runs := map[string][]string{
		"analyze":         {"analyze", example},
		"analyze-welch":   {"analyze", example, "--paired-test", "t", "--between-test", "welch", "--adjust", "holm"},
		"describe":        {"describe", example},
		"change":          {"change", example},
		"validate":        {"validate", example},
		"instruments":     {"instruments"},
		"instrument-show": {"instruments", "show", "CAMI"},
		"test-wilcoxon":   {"test", "wilcoxon", scored, "--x", "SSQ_TOTAL_T2", "--y", "SSQ_TOTAL_T1"},
		"test-rmanova":    {"test", "rmanova", scored, "--cols", "RAS-R_TOTAL_T1,RAS-R_TOTAL_T2,RAS-R_TOTAL_T3"},
	}
	overfull := regexp.MustCompile(`Overfull \\hbox \((\d+\.\d+)pt too wide\)`)
	dir := t.TempDir()
	for name, args := range runs {
		var out, errb bytes.Buffer
		if code := cmd.Run(append(args, "--format", "latex", "--latex-standalone"), nil, &out, &errb); code != 0 {
			t.Errorf("%s: exit %d: %s", name, code, errb.String())
			continue
		}
		tex := filepath.Join(dir, name+".tex")
		if err := os.WriteFile(tex, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		c := exec.Command("pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-output-directory", dir, tex)
		log, err := c.CombinedOutput()
		if err != nil {
			t.Errorf("%s: pdflatex failed: %v\n%s", name, err, tail(string(log), 30))
			continue
		}
		for _, m := range overfull.FindAllStringSubmatch(string(log), -1) {
			t.Errorf("%s: a table overflows the text width: %s", name, m[0])
		}
	}
}

func tail(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
