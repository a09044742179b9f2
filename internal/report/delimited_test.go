package report

import (
	"bytes"
	"encoding/csv"
	"testing"
)

// AppendField writes the bytes encoding/csv writes, field by field.
func TestAppendFieldMatchesEncodingCSV(t *testing.T) {
	fields := []string{"", "a", "a,b", "a\tb", `say "hi"`, "line\nbreak", "cr\rx", ` lead`, "\tlead", `\.`, "x\\.", "\u00a0nbsp", "é", "-3", "=1+1", "1e-05"}
	for _, comma := range []byte{',', '\t', ';'} {
		for _, f := range fields {
			var want bytes.Buffer
			w := csv.NewWriter(&want)
			w.Comma = rune(comma)
			w.Write([]string{f})
			w.Flush()
			got := append(AppendField(nil, f, comma), '\n')
			if !bytes.Equal(got, want.Bytes()) {
				t.Errorf("comma %q, field %q: got %q, encoding/csv %q", comma, f, got, want.Bytes())
			}
		}
	}
}
