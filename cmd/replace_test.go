package cmd

import (
	"os"
	"path/filepath"
	"testing"
)

// TestWriteFileAtomicReplaces: -o over an existing file replaces its
// contents, keeps its permissions and leaves no temporary file beside it;
// a new file is created; through a symbolic link, the target gets the
// output and the link stays.
func TestWriteFileAtomicReplaces(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out.json")
	if err := writeFileAtomic(out, []byte("first")); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(out, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, content := range []string{"second, longer than the first", "3"} {
		if err := writeFileAtomic(out, []byte(content)); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(out)
		if err != nil || string(got) != content {
			t.Fatalf("after writing %q: %q, %v", content, got, err)
		}
		if st, _ := os.Stat(out); st.Mode().Perm() != 0o600 {
			t.Fatalf("mode %v, want the file's own 0600", st.Mode().Perm())
		}
	}
	link := filepath.Join(dir, "link.json")
	if err := os.Symlink(out, link); err != nil {
		t.Fatal(err)
	}
	if err := writeFileAtomic(link, []byte("via link")); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(out); string(got) != "via link" {
		t.Fatalf("the link's target holds %q", got)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v %v", st, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Fatalf("the directory holds %v, want out.json and link.json", names)
	}
}
