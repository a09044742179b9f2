package cmd_test

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/pssa-project/pssa/cmd"
)

// TestOneStudyFiveWays: the study of testdata/study, written as a wide CSV,
// a long CSV, an .xlsx (R's openxlsx) and .sav files (haven, GNU PSPP) by
// make_study.R and study.sps, and as Parquet by make_parquet.go, with the lab's names (SWLS1_pre, RAS_R12_post)
// mapped by study.yaml, value labels, the user-missing code 99 and a
// labelled numeric group, gives byte-identical 'analyze --format json'
// apart from input.file.
func TestOneStudyFiveWays(t *testing.T) {
	files := []string{"wide.csv", "long.csv", "study.xlsx", "haven.sav", "pspp.sav", "study.parquet"}
	fileLine := regexp.MustCompile(`(?m)^    "file": ".*",$`)
	var want []byte
	for _, f := range files {
		var out, errb bytes.Buffer
		code := cmd.Run([]string{"analyze", "../testdata/study/" + f, "--map", "../testdata/study/study.yaml", "--format", "json"},
			strings.NewReader(""), &out, &errb)
		if code != 0 {
			t.Fatalf("%s: exit %d\n%s", f, code, errb.String())
		}
		got := fileLine.ReplaceAll(out.Bytes(), []byte(`    "file": "",`))
		if bytes.Equal(got, out.Bytes()) {
			t.Fatalf("%s: no input.file in the JSON", f)
		}
		if want == nil {
			want = got
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: the JSON differs from %s's", f, files[0])
		}
	}
}

// TestOneStudyTestCommand: 'pssa test' reads the same columns from every
// form of the study.
func TestOneStudyTestCommand(t *testing.T) {
	var want string
	for _, f := range []string{"wide.csv", "study.xlsx", "haven.sav", "pspp.sav", "study.parquet"} {
		var out, errb bytes.Buffer
		code := cmd.Run([]string{"test", "wilcoxon", "../testdata/study/" + f, "--x", "SWLS1_post", "--y", "SWLS1_pre", "--missing", "99", "--format", "csv"},
			strings.NewReader(""), &out, &errb)
		if code != 0 {
			t.Fatalf("%s: exit %d\n%s", f, code, errb.String())
		}
		if want == "" {
			want = out.String()
		} else if out.String() != want {
			t.Errorf("%s:\n%s\nwant\n%s", f, out.String(), want)
		}
	}
}
