package results

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"testing"
)

func TestObjectJSON(t *testing.T) {
	o := NewObject().Set("b", math.NaN()).Set("a", 0.1).Set("n", 3).Set("s", "n < 2")
	b, err := o.MarshalJSON()
	if err != nil || string(b) != `{"b":null,"a":0.1,"n":3,"s":"n \u003c 2"}` {
		t.Errorf("%s %v", b, err)
	}
}

func TestRowJSON(t *testing.T) {
	two := 2
	rows := []*Paired{{Group: "A", N: 3, P: math.NaN(), Improved: &two}, {Group: "B"}}
	b, err := MarshalJSON(rows)
	if err != nil {
		t.Fatal(err)
	}
	want := `[{"group":"A","instrument":"","scale":"","from":"","to":"","n":3,"mean_from":0,"sd_from":0,"mean_to":0,"sd_to":0,"diff":0,"diff_ci_low":0,"diff_ci_high":0,"test":"","method":"","statistic":0,"df":0,"z":0,"n_negative":0,"n_positive":0,"n_ties":0,"p":null,"p_adjusted":0,"d_z":0,"d_z_ci_low":0,"d_z_ci_high":0,"d_av":0,"d_av_ci_low":0,"d_av_ci_high":0,"r":0,"r_ci_low":0,"r_ci_high":0,"rank_biserial":0,"rank_biserial_ci_low":0,"rank_biserial_ci_high":0,"clinically_improved":2,"note":""},` +
		`{"group":"B","instrument":"","scale":"","from":"","to":"","n":0,"mean_from":0,"sd_from":0,"mean_to":0,"sd_to":0,"diff":0,"diff_ci_low":0,"diff_ci_high":0,"test":"","method":"","statistic":0,"df":0,"z":0,"n_negative":0,"n_positive":0,"n_ties":0,"p":0,"p_adjusted":0,"d_z":0,"d_z_ci_low":0,"d_z_ci_high":0,"d_av":0,"d_av_ci_low":0,"d_av_ci_high":0,"r":0,"r_ci_low":0,"r_ci_high":0,"rank_biserial":0,"rank_biserial_ci_low":0,"rank_biserial_ci_high":0,"note":""}]`
	if string(b) != want {
		t.Errorf("got\n%s\nwant\n%s", b, want)
	}
}

// Every section's row type has identity keys and unique JSON keys, and is a
// slice of pointers to structs (what the writers expect).
func TestSectionsWellFormed(t *testing.T) {
	for _, s := range (&Analysis{}).Sections() {
		rt := reflect.TypeOf(s.Rows)
		if rt.Kind() != reflect.Slice || rt.Elem().Kind() != reflect.Pointer || rt.Elem().Elem().Kind() != reflect.Struct {
			t.Errorf("%s: rows are %s, want []*struct", s.Key, rt)
			continue
		}
		if len(KeyNames(RowType(s.Rows))) == 0 {
			t.Errorf("%s: no key:\"true\" field", s.Key)
		}
		seen := map[string]bool{}
		for _, f := range Fields(RowType(s.Rows)) {
			if seen[f.Name] {
				t.Errorf("%s: key %s twice", s.Key, f.Name)
			}
			seen[f.Name] = true
		}
	}
}

// Strings and integers written by the fast paths are what encoding/json
// writes.
func TestEncodeScalarsAsEncodingJSON(t *testing.T) {
	for _, v := range []any{"", "PSW", "a\"b", `back\slash`, "<b>&", "tab\there", "new\nline", "−0.5", "ü", "\u2028", "bad \xff utf8", "\x7f",
		0, -12, 1 << 40, int64(-3), int32(7), true, false} {
		got, err := MarshalJSON(v)
		want, _ := json.Marshal(v)
		if err != nil || string(got) != string(want) {
			t.Errorf("%q: %s (%v), want %s", v, got, err, want)
		}
	}
}

// indent writes what json.Indent writes for compact JSON, escapes, empty
// objects and arrays and nesting included.
func TestIndentAsEncodingJSON(t *testing.T) {
	for _, src := range []string{
		`{}`, `[]`, `{"a":[]}`, `{"a":{},"b":[1,2,{"c":null}]}`, `[[],[[]],{"x":"y"}]`,
		`{"s":"a\"b\\\\c,:{}[]","n":-1.5e-7,"t":true,"f":false,"z":null}`, `"plain"`, `3`,
		`{"k":["\u2028",{"deep":[[[1]]]}],"e":""}`,
	} {
		var want bytes.Buffer
		if err := json.Indent(&want, []byte(src), "", "  "); err != nil {
			t.Fatal(src, err)
		}
		if got := indent(nil, []byte(src)); string(got) != want.String() {
			t.Errorf("%s:\n%s\nwant\n%s", src, got, want.String())
		}
	}
}

// The parallel path of MarshalIndent writes what the one-pass path writes.
func TestMarshalIndentParallel(t *testing.T) {
	inner := NewObject().Set("x", []float64{1.5, math.NaN()}).Set("e", []int{})
	o := NewObject().Set("a", 1).Set("s", "q\"uote").Set("rows", []any{inner, map[string]any{}}).
		Set("empty", NewObject()).Set("list", []string{"a", "b"})
	got, err := MarshalIndent(o)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := MarshalJSON(o)
	if err != nil {
		t.Fatal(err)
	}
	want := append(indent(nil, raw), '\n')
	if !bytes.Equal(got, want) {
		t.Errorf("parallel:\n%s\nwant\n%s", got, want)
	}
}

// BenchmarkMarshalIndentDocument: a document of the size analyze writes on
// a study (about 230 KB indented), parallel and one-pass.
func BenchmarkMarshalIndentDocument(b *testing.B) {
	o := NewObject()
	for s := 0; s < 6; s++ {
		rows := make([]*Descriptive, 150)
		for i := range rows {
			rows[i] = &Descriptive{Group: "PSW", Instrument: "SSQ", ScaleCode: "TOTAL", Time: "T1", N: i,
				Mean: 1 / float64(i+3), SD: math.Sqrt(float64(i)), Median: 2.5, Alpha: math.NaN(), Omega: 0.123456789}
		}
		o.Set(fmt.Sprintf("section%d", s), rows)
	}
	b.Run("parallel", func(b *testing.B) {
		for b.Loop() {
			if _, err := MarshalIndent(o); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("one-pass", func(b *testing.B) {
		for b.Loop() {
			raw, _ := MarshalJSON(o)
			_ = indent(nil, raw)
		}
	})
}
