package dataset_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/pssa-project/pssa/internal/scoring"

	"github.com/pssa-project/pssa/instruments"
	"github.com/pssa-project/pssa/internal/dataset"
)

func mustTemplate(t *testing.T, s string) *dataset.Template {
	t.Helper()
	tm, err := dataset.ParseTemplate(s)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

func mustTimes(t *testing.T, s string) []dataset.TimeLabel {
	t.Helper()
	ts, err := dataset.ParseTimesMap(s)
	if err != nil {
		t.Fatal(err)
	}
	return ts
}

// bfiSchema is the built-in registry with a definition that names its items.
func bfiSchema(t *testing.T) dataset.Schema {
	t.Helper()
	reg, err := instruments.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(t.TempDir(), "bfi.yaml")
	def := `code: BFI
name: test
citation: test
status: provisional
items: 3
item_names: [A1, A2, C1]
min: 1
max: 6
scales:
  - {code: A, name: Agreeableness, items: [1-2]}
  - {code: C, name: Conscientiousness, items: [3]}
`
	if err := os.WriteFile(f, []byte(def), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := reg.LoadFile(f); err != nil {
		t.Fatal(err)
	}
	return scoring.Schema{Registry: reg}
}

func TestParseColumnMapped(t *testing.T) {
	s := bfiSchema(t)
	m := &dataset.Mapping{ID: "record_id", Group: "grupo", Times: mustTimes(t, "pre=T1,post=T2,fup=T3"),
		Names: []*dataset.Template{mustTemplate(t, "{instrument}{item}_{time}")}}
	cases := []struct {
		name string
		m    *dataset.Mapping
		want string // kind instrument item/scale time index, or "error: ..."
	}{
		{"SSQ_1_T0", nil, "item SSQ 1 T0 0"},
		{"SSQ_1_T1", m, "item SSQ 1 pre 1"},
		{"SSQ_1_pre", m, "item SSQ 1 pre 1"},
		{"ssq_2_POST", m, "item SSQ 2 post 2"},
		{"SSQ1_pre", m, "item SSQ 1 pre 1"},
		{"ssq15_fup", m, "error: item 15 is beyond SSQ (variant provisional-14)'s 14 items (expected 1..14)"},
		{"SSQTOTAL_post", m, "scale SSQ TOTAL post 2"},
		{"swls5_T3", m, "item SWLS 5 fup 3"},
		{"RAS_R_1_T1", nil, "item RAS-R 1 T1 1"},
		{"RASR_24_T2", nil, "item RAS-R 24 T2 2"},
		{"RAS_R_TOTAL_T2", nil, "scale RAS-R TOTAL T2 2"},
		{"RAS_R1_pre", m, "item RAS-R 1 pre 1"},
		{"BFI_A1_T1", nil, "item BFI 1 T1 1"},
		{"bfi_c1_t2", nil, "item BFI 3 T2 2"},
		{"BFIC1_post", m, "item BFI 3 post 2"},
		{"BFI_A_T1", nil, "scale BFI A T1 1"},
		{"record_id", m, "id"},
		{"id", m, "extra"},
		{"GRUPO", m, "group"},
		{"group", m, "extra"},
		{"SSQ_1_PRE", nil, `error: time label "PRE" is not T followed by a whole number (T0, T1, T2, ...); map your labels to time points with --times-map, e.g. --times-map pre=T1,post=T2`},
		{"SSQ1_later", m, `error: time label "LATER" is not one of --times-map's labels (pre, post, fup) or T followed by a whole number`},
		{"age_pre", m, "extra"},
		{"COPM_PERF_WORK_pre", m, "rating COPM PERF pre 1"},
	}
	for _, c := range cases {
		spec, err := c.m.ParseColumn(c.name, s)
		var got string
		switch {
		case err != nil:
			got = "error: " + err.Error()
		case spec.Kind == dataset.KindID:
			got = "id"
		case spec.Kind == dataset.KindGroup:
			got = "group"
		case spec.Kind == dataset.KindExtra:
			got = "extra"
		case spec.Kind == dataset.KindItem:
			got = strings.Join([]string{"item", spec.Instrument, itoa(spec.Item), spec.Time, itoa(spec.TimeIndex)}, " ")
		case spec.Kind == dataset.KindScale:
			got = strings.Join([]string{"scale", spec.Instrument, spec.Scale, spec.Time, itoa(spec.TimeIndex)}, " ")
		case spec.Kind == dataset.KindRating:
			got = strings.Join([]string{"rating", spec.Instrument, spec.Scale, spec.Time, itoa(spec.TimeIndex)}, " ")
		}
		if got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestParseTimesMap(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"pre=T1,post=T2,fup=T3", "pre=T1,post=T2,fup=T3"},
		{"baseline, week6 , week12", "baseline=T1,week6=T2,week12=T3"},
		{"base=T0,end=T4", "base=T0,end=T4"},
		{"pre=T2,post=T1", `error: --times-map "pre=T2,post=T1": post=T1 comes after pre=T2; list the labels in time order, each with a later time point`},
		{"pre=T1,PRE=T2", `error: --times-map "pre=T1,PRE=T2": label "PRE" is given twice`},
		{"pre=1", `error: --times-map "pre=1": "1" is not T followed by a whole number (T0, T1, T2, ...)`},
		{"", `error: --times-map "" names no time label (e.g. pre=T1,post=T2,fup=T3)`},
	} {
		ts, err := dataset.ParseTimesMap(c.in)
		got := ""
		if err != nil {
			got = "error: " + err.Error()
		} else {
			got = dataset.FormatTimesMap(ts)
		}
		if got != c.want {
			t.Errorf("%q: got %q, want %q", c.in, got, c.want)
		}
	}
}

func TestParseTemplate(t *testing.T) {
	for _, c := range []struct{ in, err string }{
		{"{instrument}{item}_{time}", ""},
		{"{Instrument}_{ITEM}", ""},
		{"{time}.{instrument}{scale}", ""},
		{"{instrument}_{time}", "it needs {item} exactly once"},
		{"{instrument}{item}{instrument}", "it needs {instrument} exactly once"},
		{"{instrument}{item}_{time}{time}", "{time} appears more than once"},
		{"{instrument}{item}_{wave}", "unknown placeholder {wave}"},
		{"{instrument{item}", "unknown placeholder {instrument{item}"},
		{"{instrument}{item}_{time", "a { without its }"},
		{"instrument}{item}", "a } without its {"},
	} {
		_, err := dataset.ParseTemplate(c.in)
		if c.err == "" && err != nil || c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)) {
			t.Errorf("%q: error %v, want %q", c.in, err, c.err)
		}
	}
}

// One error per unknown prefix and per unknown time label, with the count
// of columns.
func TestHeaderErrorsOncePerPrefix(t *testing.T) {
	var h []string
	h = append(h, "id")
	for i := 1; i <= 25; i++ {
		h = append(h, "BFX_"+itoa(i)+"_T1")
	}
	for i := 1; i <= 6; i++ {
		h = append(h, "SSQ_"+itoa(i)+"_pre", "SSQ_"+itoa(i)+"_post")
	}
	row := strings.Repeat(",", len(h)-1)
	ds, _ := loadString(t, strings.Join(h, ",")+"\nx"+row+"\n", dataset.Options{})
	var got []string
	for _, p := range ds.Errors() {
		got = append(got, p.String())
	}
	want := []string{
		`f.csv: line 1, 25 columns (BFX_1_T1, BFX_2_T1, BFX_3_T1, ...): unknown instrument "BFX" (known: SSQ, SWLS, EMAS, RAS-R, COPM, CAMI); define it with --instruments, or rename the columns if they are not instrument columns`,
		`f.csv: line 1, 6 columns (SSQ_1_pre, SSQ_2_pre, SSQ_3_pre, ...): time label "PRE" is not T followed by a whole number (T0, T1, T2, ...); map your labels to time points with --times-map, e.g. --times-map pre=T1,post=T2`,
		`f.csv: line 1, 6 columns (SSQ_1_post, SSQ_2_post, SSQ_3_post, ...): time label "POST" is not T followed by a whole number (T0, T1, T2, ...); map your labels to time points with --times-map, e.g. --times-map pre=T1,post=T2`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestSuggestNames(t *testing.T) {
	s := schema(t)
	for _, c := range []struct{ header, want string }{
		{"id,ssq1_t1,ssq2_t1,ssq1_t2", "columns look like ssq1_t1: try --names '{instrument}{item}_{time}'"},
		{"id,SSQ1_pre,SSQ2_pre,SSQ1_post", "columns look like SSQ1_pre: try --names '{instrument}{item}_{time}' --times-map pre=T1,post=T2"},
		{"id,SSQ_1_pre,SSQ_1_post", "columns look like SSQ_1_pre: try --times-map pre=T1,post=T2"},
		{"id,pre_swls1,post_swls1", "columns look like pre_swls1: try --names '{time}_{instrument}{item}' --times-map pre=T1,post=T2"},
		{"id,age,sex", ""},
	} {
		if got := dataset.SuggestNames(strings.Split(c.header, ","), s, nil); got != c.want {
			t.Errorf("%s: %q, want %q", c.header, got, c.want)
		}
	}
}

// --id, --group and a template: a lab's file loads as pssa's own would.
func TestLoadMapped(t *testing.T) {
	m := &dataset.Mapping{ID: "Record_ID", Group: "grupo", Times: mustTimes(t, "pre,post"),
		Names: []*dataset.Template{mustTemplate(t, "{instrument}{item}_{time}")}}
	src := "record_id,grupo,swls1_pre,SWLS_1_T2,edad\n1,Intervención,3,4,40\n2,Control,5,,33\n"
	ds, err := loadString(t, src, dataset.Options{Mapping: m})
	if err != nil {
		t.Fatal(err)
	}
	if err := ds.Err(); err != nil {
		t.Fatal(err)
	}
	if ds.ID(1) != "2" || ds.Group(0) != "Intervención" || !ds.HasGroup {
		t.Errorf("id %q group %q", ds.ID(1), ds.Group(0))
	}
	var got []string
	for _, c := range ds.Columns {
		got = append(got, c.Name+"="+c.Instrument+"@"+c.Time)
	}
	if strings.Join(got, " ") != "swls1_pre=SWLS@pre SWLS_1_T2=SWLS@post edad=@" {
		t.Errorf("columns %v", got)
	}
	// A template that matches nothing is an error that suggests one.
	m.Names = []*dataset.Template{mustTemplate(t, "{instrument}-{item}-{time}")}
	ds, _ = loadString(t, src, dataset.Options{Mapping: m})
	if err := ds.Err(); err == nil || !strings.Contains(err.Error(), "the naming template --names '{instrument}-{item}-{time}' matches no column; columns look like swls1_pre: try --names '{instrument}{item}_{time}'") {
		t.Errorf("template matching nothing: %v", err)
	}
	// No id column: a likely one is suggested; a likely group column too.
	ds, _ = loadString(t, src, dataset.Options{})
	if err := ds.Err(); err == nil || !strings.Contains(err.Error(), "if record_id holds the ids, add --id record_id") {
		t.Errorf("no id: %v", err)
	}
	if w := ds.Warnings(); len(w) != 1 || !strings.Contains(w[0].Message, "if grupo holds the groups, add --group grupo") {
		t.Errorf("warnings %v", w)
	}
}
