package dataset

import (
	"bufio"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// The scanner splits exactly as encoding/csv does (records, fields, start
// lines, error kinds) on every input here and on what FuzzLoad generates.
func TestScannerMatchesEncodingCSV(t *testing.T) {
	inputs := []string{
		"a,b,c\n1,2,3\n",
		"a,b\r\n1,2\r\n",
		"a,b\n\n\n1,2\n",
		"a,\"b,c\",d\n",
		"\"a\"\"b\",c\n",
		"\"multi\nline\",x\ny,z\n",
		"a,b,\n",
		",\n",
		"\"\",\"\"\n",
		"a,\"b\"\n",
		"a\"b,c\n",
		"\"a\"b,c\n",
		"\"open,field\n",
		"x,\"open\nmore\nlines",
		"no newline at end",
		"a;b;\"c;d\"\n",
		"\"a\",\n",
		"\"\n\",\n",
		"a,\"\"\"\",b\n",
		"\r",       // found by FuzzScanner: a \r just before EOF is dropped
		"a,b\r",    // likewise after a field
		"a\rb,c\n", // a lone \r inside a line is data
	}
	for _, in := range inputs {
		checkSame(t, in, ',')
	}
	checkSame(t, "a;\"b;c\";d\n1;2;3\n", ';')
}

func checkSame(t *testing.T, in string, delim rune) {
	t.Helper()
	want, wantErr := readAllCSV(in, delim)
	got, gotErr := readAllScanner(in, delim)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%q: scanner %q, encoding/csv %q", in, got, want)
	}
	var pe1, pe2 *csv.ParseError
	if (wantErr == nil) != (gotErr == nil) ||
		wantErr != nil && (!errors.As(wantErr, &pe1) || !errors.As(gotErr, &pe2) || pe1.Err != pe2.Err || pe1.StartLine != pe2.StartLine) {
		t.Errorf("%q: scanner error %v, encoding/csv error %v", in, gotErr, wantErr)
	}
}

func readAllCSV(in string, delim rune) ([]string, error) {
	r := csv.NewReader(strings.NewReader(in))
	r.Comma = delim
	r.FieldsPerRecord = -1
	var out []string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		line, _ := r.FieldPos(0)
		out = append(out, strings.Join(rec, "|")+"@"+itoa(line))
	}
}

func readAllScanner(in string, delim rune) ([]string, error) {
	s := newScanner(bufio.NewReaderSize(strings.NewReader(in), 16), delim)
	var out []string
	for {
		f, line, err := s.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		parts := make([]string, len(f))
		for i, b := range f {
			parts[i] = string(b)
		}
		out = append(out, strings.Join(parts, "|")+"@"+itoa(line))
	}
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

// FuzzScanner: the scanner and encoding/csv agree on any input (records,
// fields, start lines, error kinds), with a buffer small enough that long
// lines take the slow path.
func FuzzScanner(f *testing.F) {
	// Seeds: the loader's corpus in testdata/fuzz/load, both delimiters.
	paths, _ := filepath.Glob("../../testdata/fuzz/load/*")
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b), false)
		f.Add(string(b), true)
	}
	f.Fuzz(func(t *testing.T, in string, semicolon bool) {
		delim := ','
		if semicolon {
			delim = ';'
		}
		done := make(chan struct{})
		go func() {
			defer close(done)
			checkSame(t, in, delim)
		}()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("no answer in 5 s for %q", in)
		}
	})
}
