package dataset_test

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/pssa-project/pssa/internal/dataset"
)

// Files in Windows-1252 or UTF-16 are converted to UTF-8, with a warning
// naming the encoding unless --encoding named it.
func TestEncodings(t *testing.T) {
	src := "id;group;SWLS_1_T1\na;Intervención;3,0\nb;Control;4\n"
	cp1252, _ := charmap.Windows1252.NewEncoder().String(src)
	utf16le, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(src)
	utf16be, _ := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().String(src)
	utf16noBOM, _ := unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewEncoder().String(src)
	cases := []struct {
		name, data, given, warning string
	}{
		{"utf-8", src, "", ""},
		{"windows-1252", cp1252, "", "the file is not UTF-8; read it as Windows-1252 (say --encoding if it is another)"},
		{"latin1 given", cp1252, "latin1", ""},
		{"utf-16le", utf16le, "", "the file is not UTF-8; read it as UTF-16LE (say --encoding if it is another)"},
		{"utf-16be", utf16be, "", "the file is not UTF-8; read it as UTF-16BE (say --encoding if it is another)"},
		{"utf-16 given", utf16le, "utf-16", ""},
		{"utf-16le without BOM given", utf16noBOM, "UTF-16LE", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ds, err := loadString(t, c.data, dataset.Options{Encoding: c.given})
			if err != nil {
				t.Fatal(err)
			}
			if err := ds.Err(); err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(ds.GroupNames, "|"); got != "Intervención|Control" {
				t.Errorf("groups %q", got)
			}
			var ws []string
			for _, w := range ds.Warnings() {
				ws = append(ws, w.Message)
			}
			if got := strings.Join(ws, "\n"); got != c.warning {
				t.Errorf("warnings %q, want %q", got, c.warning)
			}
			if v := ds.Columns[0].Value(0); v != 3 {
				t.Errorf("SWLS_1_T1 = %v", v)
			}
		})
	}
	if _, err := loadString(t, src, dataset.Options{Encoding: "klingon"}); err == nil || !strings.Contains(err.Error(), `--encoding "klingon" is not an encoding pssa knows`) {
		t.Errorf("unknown encoding: %v", err)
	}
	if _, err := loadString(t, utf16noBOM, dataset.Options{Encoding: "utf-16"}); err == nil || !strings.Contains(err.Error(), "no byte order mark") {
		t.Errorf("utf-16 without BOM: %v", err)
	}
}
