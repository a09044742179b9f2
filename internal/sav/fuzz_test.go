package sav_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/pssa-project/pssa/internal/sav"
)

const seedDir = "../../testdata/fuzz/sav"

// FuzzRead: any bytes either read or give a *sav.Error, never a panic; a
// file that reads is consistent (every variable has a value per case) and
// writes as CSV. Seeds: testdata/fuzz/sav (files written by PSPP, haven and
// the test builder in both byte orders).
func FuzzRead(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join(seedDir, "*"))
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := sav.Read(bytes.NewReader(data))
		if err != nil {
			var se *sav.Error
			if !errors.As(err, &se) {
				t.Fatalf("error %v (%T) is not a *sav.Error", err, err)
			}
			if se.Msg == "" || se.Offset < 0 {
				t.Fatalf("empty message or negative offset: %+v", se)
			}
			return
		}
		for _, v := range file.Variables {
			if (v.Width == 0 && len(v.Numeric) != file.Cases) || (v.Width > 0 && len(v.Strings) != file.Cases) {
				t.Fatalf("variable %s: %d numbers, %d strings for %d cases", v.Name, len(v.Numeric), len(v.Strings), file.Cases)
			}
			v.CountMissing()
			_ = v.Missing.String()
		}
		if err := file.WriteCSV(io.Discard, sav.CSVOptions{Labels: func(string) bool { return true }}); err != nil {
			t.Fatal(err)
		}
		_ = file.Location(file.Cases+1, len(file.Variables)-1)
	})
}

// TestWriteFuzzSeeds writes the builder's seeds when UPDATE_SEEDS is set:
// UPDATE_SEEDS=1 go test -run TestWriteFuzzSeeds ./internal/sav
func TestWriteFuzzSeeds(t *testing.T) {
	if os.Getenv("UPDATE_SEEDS") == "" {
		t.Skip("UPDATE_SEEDS not set")
	}
	rows := [][]any{{1.0, "ab", 2.5, nan}, {2.0, "", 999.0, 3.0}}
	vars := []bvar{{name: "id"}, {name: "nombre_largo", width: 10, label: "Nombre"}, {name: "SSQ_1_pre", missing: []float64{999}}, {name: "RAS_R_12_T1"}}
	for _, tc := range []struct {
		name     string
		order    binary.ByteOrder
		compress bool
	}{
		{"builder-le-bytecode.sav", binary.LittleEndian, true},
		{"builder-be-bytecode.sav", binary.BigEndian, true},
		{"builder-be-none.sav", binary.BigEndian, false},
	} {
		b := &builder{order: tc.order, compress: tc.compress, vars: vars, rows: rows, encoding: "UTF-8"}
		if err := os.WriteFile(filepath.Join(seedDir, tc.name), b.bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
