package cmd_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

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

// -o onto something that is not a regular file writes into it: renaming a
// temporary file over /dev/full or /dev/null (as root) would replace the
// device with a file. A symbolic link stays a link to the written file.
func TestOutputOntoSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "out.fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	got := make(chan []byte)
	go func() {
		b, _ := os.ReadFile(fifo)
		got <- b
	}()
	var out, errb bytes.Buffer
	if code := cmd.Run([]string{"instruments", "--format", "csv", "-o", fifo}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("-o onto a named pipe: exit %d, %s", code, errb.String())
	}
	select {
	case b := <-got:
		if !bytes.Contains(b, []byte("SSQ")) {
			t.Errorf("the named pipe got %q", b)
		}
	case <-time.After(10 * time.Second):
		t.Errorf("nothing was written into the named pipe")
	}
	if st, err := os.Lstat(fifo); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("-o replaced the named pipe: %v %v", st.Mode(), err)
	}

	target := filepath.Join(dir, "target.csv")
	link := filepath.Join(dir, "link.csv")
	if err := os.WriteFile(target, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if code := cmd.Run([]string{"instruments", "-o", link}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("-o onto a link: exit %d, %s", code, errb.String())
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("-o replaced the symbolic link with a file")
	}
	if b, _ := os.ReadFile(target); !bytes.Contains(b, []byte("SSQ")) {
		t.Errorf("the link's target holds %q", b)
	}
	if st, _ := os.Stat(target); st.Mode().Perm() != 0o600 {
		t.Errorf("the target's mode became %v", st.Mode().Perm())
	}

	example := "../testdata/example.csv"
	// Only once the named pipe survived: a regression must not replace the
	// machine's /dev/full.
	if st, err := os.Stat("/dev/full"); !t.Failed() && err == nil && st.Mode()&os.ModeCharDevice != 0 {
		for _, args := range [][]string{
			{"analyze", example, "-o", "/dev/full"},
			{"score", example, "-o", "/dev/full", "--format", "csv"},
			{"instruments", "show", "SSQ", "-o", "/dev/full"},
			{"simulate", "-n", "20", "-o", "/dev/full"},
		} {
			var out, errb bytes.Buffer
			code := cmd.Run(args, strings.NewReader(""), &out, &errb)
			if code != 1 || !strings.Contains(errb.String(), "write /dev/full") {
				t.Errorf("%v: exit %d, stderr %q", args, code, errb.String())
			}
			if st, err := os.Stat("/dev/full"); err != nil || st.Mode()&os.ModeCharDevice == 0 {
				t.Fatalf("%v replaced /dev/full: %v %v", args, st.Mode(), err)
			}
		}
	}
}
