package cmd_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/pssa-project/pssa/cmd"
)

// TestBadInputCorpus runs 'pssa analyze FILE --format json' (plus FILE.args
// when present) on every file of testdata/bad and compares the exit code,
// standard error and, on success, the notes that explain missing numbers
// with FILE.golden. PSSA_UPDATE_GOLDEN=1 rewrites the golden files.
func TestBadInputCorpus(t *testing.T) {
	dir := "../testdata/bad"
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		name := e.Name()
		if strings.HasSuffix(name, ".args") || strings.HasSuffix(name, ".golden") {
			continue
		}
		n++
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name)
			args := []string{"analyze", path, "--format", "json"}
			if b, err := os.ReadFile(strings.TrimSuffix(path, filepath.Ext(path)) + ".args"); err == nil {
				args = append(args, strings.Fields(string(b))...)
			}
			got := runCorpus(t, args)
			golden := strings.TrimSuffix(path, filepath.Ext(path)) + ".golden"
			if os.Getenv("PSSA_UPDATE_GOLDEN") != "" {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (PSSA_UPDATE_GOLDEN=1 go test ./cmd writes it)", err)
			}
			if got != string(want) {
				t.Errorf("output differs from %s\n--- got\n%s--- want\n%s", golden, got, want)
			}
		})
	}
	if n < 40 {
		t.Errorf("the corpus has %d files, want at least 40", n)
	}
}

// runCorpus runs pssa and renders what the golden files hold. Paths are
// shown relative to the repository root.
func runCorpus(t *testing.T, args []string) string {
	t.Helper()
	var out, errb bytes.Buffer
	code := cmd.Run(args, strings.NewReader(""), &out, &errb)
	stderr := strings.ReplaceAll(errb.String(), "../testdata/", "testdata/")
	for _, bad := range []string{"panic", "goroutine ", "runtime error"} {
		if strings.Contains(stderr, bad) || strings.Contains(out.String(), bad) {
			t.Fatalf("output mentions %q:\n%s", bad, stderr)
		}
	}
	if code != 0 && !strings.HasPrefix(stderr, "pssa: ") {
		t.Errorf("stderr does not start with 'pssa: ': %q", stderr)
	}
	var b strings.Builder
	b.WriteString("exit " + string(rune('0'+code)) + "\n--- stderr\n" + stderr)
	if code == 0 {
		var res struct {
			Paired, Omnibus, Between []struct {
				Group, Instrument, Scale, Note string
			}
		}
		if err := json.Unmarshal(out.Bytes(), &res); err != nil {
			t.Fatal(err)
		}
		var notes []string
		for _, list := range [][]struct{ Group, Instrument, Scale, Note string }{res.Paired, res.Omnibus, res.Between} {
			for _, r := range list {
				if r.Note != "" {
					notes = append(notes, r.Group+" "+r.Instrument+" "+r.Scale+": "+r.Note)
				}
			}
		}
		sort.Strings(notes)
		b.WriteString("--- notes\n")
		for _, n := range notes {
			b.WriteString(n + "\n")
		}
	}
	return b.String()
}

// Hostile sizes, generated rather than committed: 10^5 columns, a 50 MB
// field, a line longer than the 64 MiB limit.
func TestHostileSizes(t *testing.T) {
	if testing.Short() {
		t.Skip("large inputs")
	}
	dir := t.TempDir()
	write := func(name string, parts ...string) string {
		p := filepath.Join(dir, name)
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range parts {
			f.WriteString(s)
		}
		f.Close()
		return p
	}
	var h, r strings.Builder
	h.WriteString("id,group,SWLS_TOTAL_T1")
	r.WriteString("P1,PSW,20")
	for i := 0; i < 100_000; i++ {
		h.WriteString(",v")
		h.WriteString(strings.Repeat("x", i%7))
		h.WriteString(string(rune('a' + i%26)))
		h.WriteString(itoa(i))
		r.WriteString(",1")
	}
	wide := write("wide.csv", h.String(), "\n", r.String(), "\n", strings.Replace(r.String(), "P1,PSW,20", "P2,PSW,22", 1), "\n")
	out := runCorpus(t, []string{"analyze", wide, "--format", "json"})
	if !strings.HasPrefix(out, "exit 0") {
		t.Errorf("10^5 columns: %s", out[:min(len(out), 300)])
	}
	field := write("field.csv", "id,group,note,SWLS_TOTAL_T1\nP1,PSW,", strings.Repeat("y", 50<<20), ",20\nP2,PSW,short,25\n")
	out = runCorpus(t, []string{"analyze", field, "--format", "json"})
	if !strings.HasPrefix(out, "exit 0") {
		t.Errorf("50 MB field: %s", out[:min(len(out), 300)])
	}
	long := write("long.csv", "id,group,note\nP1,PSW,", strings.Repeat("z", 65<<20))
	out = runCorpus(t, []string{"analyze", long})
	if !strings.Contains(out, "a line is longer than 64 MiB (pssa's limit for one line; is this a CSV file?)") || !strings.HasPrefix(out, "exit 1") {
		t.Errorf("long line: %s", out[:min(len(out), 300)])
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

// A file that cannot be read (permissions; root reads anything, so the
// loader's read-error path is also tested in-process in internal/dataset).
func TestUnreadableFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "secret.csv")
	if err := os.WriteFile(p, []byte("id\nP1\n"), 0o000); err != nil {
		t.Fatal(err)
	}
	if f, err := os.Open(p); err == nil {
		f.Close()
		t.Skip("running as root: permissions do not stop reads (see TestReadError in internal/dataset)")
	}
	var out, errb bytes.Buffer
	if code := cmd.Run([]string{"validate", p}, nil, &out, &errb); code != 1 || !strings.Contains(errb.String(), "cannot read: permission denied") {
		t.Errorf("exit %d: %s", code, errb.String())
	}
}
