package instruments

import (
	"reflect"
	"testing"
)

// The embedded files read by the direct path give the same definitions as
// ParseDefinitions.
func TestParseBuiltinMatchesParseDefinitions(t *testing.T) {
	entries, err := builtinFS.ReadDir("defs")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, _ := builtinFS.ReadFile("defs/" + e.Name())
		got, err1 := parseBuiltin(data, e.Name())
		want, err2 := ParseDefinitions(data, e.Name())
		if err1 != nil || err2 != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: parseBuiltin and ParseDefinitions differ (%v, %v)", e.Name(), err1, err2)
		}
	}
}
