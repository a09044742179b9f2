package instruments_test

import (
	"os"
	"testing"

	"github.com/pssa-project/pssa/instruments"
)

func writeFile(path, s string) error { return os.WriteFile(path, []byte(s), 0o644) }

func registry(t *testing.T) *instruments.Registry {
	t.Helper()
	r, err := instruments.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return r
}
