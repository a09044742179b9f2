package cmd_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/pssa-project/pssa/cmd"
)

func TestMain(m *testing.M) {
	os.Exit(testscript.RunMain(m, map[string]func() int{"pssa": cmd.Main}))
}

// TestScripts runs the end-to-end scripts in testdata/script. Each script
// starts in a fresh directory holding example.csv (testdata/example.csv).
// PSSA_UPDATE_GOLDEN=1 go test ./cmd rewrites the golden files inside the
// scripts from the current output; review the diff before committing.
func TestScripts(t *testing.T) {
	example, err := filepath.Abs("../testdata/example.csv")
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:           "../testdata/script",
		UpdateScripts: os.Getenv("PSSA_UPDATE_GOLDEN") != "",
		Setup: func(env *testscript.Env) error {
			return os.WriteFile(filepath.Join(env.WorkDir, "example.csv"), data, 0o644)
		},
	})
}
