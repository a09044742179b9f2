package scoring_test

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/pssa-project/pssa/instruments"
)

func writeFile(path, s string) error { return os.WriteFile(path, []byte(s), 0o644) }

// sixItems is a test definition of six items scored 0..max, items 2 and 5
// reversed: a TOTAL sum of all six and a PART mean of the first three.
func sixItems(code string, max int) string {
	return `{"code":"` + code + `","variant":"test","name":"Test","citation":"none","status":"provisional","items":6,"min":0,"max":` + strconv.Itoa(max) +
		`,"reverse":[2,5],"scales":[{"code":"TOTAL","name":"Total","items":["1-6"],"aggregate":"sum","better":"higher","higher_means":"more"},` +
		`{"code":"PART","name":"Part","items":[1,2,3],"aggregate":"mean","better":"lower","higher_means":"less"}]}`
}

// addDefinitions adds instrument definitions (JSON objects) to reg.
func addDefinitions(t *testing.T, reg *instruments.Registry, defs ...string) {
	t.Helper()
	f := t.TempDir() + "/defs.json"
	if err := writeFile(f, "["+strings.Join(defs, ",")+"]"); err != nil {
		t.Fatal(err)
	}
	if err := reg.LoadFile(f); err != nil {
		t.Fatal(err)
	}
}
