package cmd_test

import (
	"bytes"
	"strings"
	"syscall"
	"testing"

	"github.com/pssa-project/pssa/cmd"
)

// failAfter accepts n bytes, then fails every write with err (a full disk).
type failAfter struct {
	n   int
	err error
}

func (f *failAfter) Write(p []byte) (int, error) {
	if len(p) <= f.n {
		f.n -= len(p)
		return len(p), nil
	}
	k := f.n
	f.n = 0
	return k, f.err
}

// Every command and format reports a failed write of standard output with
// exit 1 and the reason; a closed pipe ends quietly.
func TestWriteFailures(t *testing.T) {
	example := "../testdata/example.csv"
	scored := "id,group,A,B\na,X,1,2\nb,X,2,5\nc,X,3,3\nd,X,4,8\n"
	var commands [][]string
	for _, f := range []string{"table", "csv", "tsv", "json", "markdown", "latex"} {
		commands = append(commands,
			[]string{"analyze", example, "--format", f},
			[]string{"describe", example, "--format", f},
			[]string{"score", example, "--format", f},
			[]string{"validate", example, "--format", f},
			[]string{"instruments", "--format", f},
			[]string{"instruments", "show", "SSQ", "--format", f},
			[]string{"test", "wilcoxon", "-", "--x", "A", "--y", "B", "--format", f},
		)
	}
	for _, args := range commands {
		for _, n := range []int{0, 100} {
			var errb bytes.Buffer
			w := &failAfter{n: n, err: syscall.ENOSPC}
			code := cmd.Run(args, strings.NewReader(scored), w, &errb)
			if code != 1 || !strings.Contains(errb.String(), "pssa: write standard output: no space left on device") {
				t.Errorf("%v after %d bytes: exit %d, stderr %q", args, n, code, errb.String())
			}
		}
		var errb bytes.Buffer
		code := cmd.Run(args, strings.NewReader(scored), &failAfter{n: 10, err: syscall.EPIPE}, &errb)
		if code == 0 || strings.Contains(errb.String(), "broken pipe") {
			t.Errorf("%v on a closed pipe: exit %d, stderr %q", args, code, errb.String())
		}
	}
}
