package cmd

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/pssa-project/pssa/internal/report"
	"github.com/pssa-project/pssa/internal/results"
)

type checkOptions struct {
	analyzeOptions
	expect string
	tol    float64
	update bool
}

func newCheckCmd(g *globalOptions) *cobra.Command {
	o := &checkOptions{analyzeOptions: analyzeOptions{globalOptions: g}}
	c := &cobra.Command{
		Use:   "check FILE --expect reference.json",
		Short: "Compare an analysis with a stored reference (for CI); exit 1 on any drift",
		Long: `check runs the analysis of 'pssa analyze' on FILE (same options) and compares every
number with a reference made by 'pssa analyze FILE --format json', at a relative
tolerance (--tol, default 1e-9). It prints what drifted (section, row, key,
expected, got) and exits 1 on any drift, 0 otherwise. Rows or keys that appear or
disappear are reported as structural changes, apart from numeric drift.
--update rewrites the reference from the current output instead of comparing.`,
		Example: `  pssa analyze scores.csv --format json -o reference.json   # once, reviewed and committed
  pssa check scores.csv --expect reference.json            # in CI
  pssa check scores.csv --expect reference.json --tol 1e-6
  pssa check scores.csv --expect reference.json --update   # accept a deliberate change`,
		Args: exactArgs(1, "one FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.file = args[0]
			if o.expect == "" {
				return usagef("check needs --expect reference.json")
			}
			if !(o.tol >= 0) {
				return usagef("--tol %g must be a non-negative number", o.tol)
			}
			return runCheck(cmd, o)
		},
	}
	f := c.Flags()
	f.StringVar(&o.expect, "expect", "", "the reference JSON made by 'pssa analyze --format json'")
	f.Float64Var(&o.tol, "tol", 1e-9, "relative tolerance for numbers")
	f.BoolVar(&o.update, "update", false, "rewrite the reference from the current results")
	addTestFlags(c, &o.analyzeOptions)
	addCommonAnalysisFlags(c, &o.analyzeOptions)
	return c
}

func runCheck(cmd *cobra.Command, o *checkOptions) error {
	if samePath(o.expect, o.file) {
		return usagef("--expect %s is the input file", o.expect)
	}
	res, view, err := o.results(cmd, false)
	if err != nil {
		return err
	}
	var got bytes.Buffer
	if err := report.Render(&got, "json", report.AnalysisDocument(res, view)); err != nil {
		return err
	}
	if o.update {
		if err := writeFileAtomic(o.expect, got.Bytes()); err != nil {
			return err
		}
		fmt.Fprintf(cmd.ErrOrStderr(), "pssa: %s updated\n", o.expect)
		return nil
	}
	wantBytes, err := os.ReadFile(o.expect)
	if err != nil {
		return fmt.Errorf("--expect %s: cannot read: %v", o.expect, pathErr(err))
	}
	var want, have map[string]any
	if err := json.Unmarshal(wantBytes, &want); err != nil {
		return fmt.Errorf("--expect %s: not a pssa analyze JSON document: %s", o.expect, jsonProblem(wantBytes, err))
	}
	if _, ok := want["input"].(map[string]any); !ok {
		return fmt.Errorf("--expect %s: not a pssa analyze JSON document (it has no \"input\" object; make the reference with 'pssa analyze FILE --format json')", o.expect)
	}
	if err := json.Unmarshal(got.Bytes(), &have); err != nil {
		return err
	}
	if diff := optionsDiffer(want, have); diff != "" {
		return fmt.Errorf("%s was made with other options than this run (%s): rerun check with the reference's options, or --update", o.expect, diff)
	}
	drifts := compareResults(want, have, o.tol)
	if err := o.emit(cmd, checkDocument(o, drifts), o.file, o.expect); err != nil {
		return err
	}
	if len(drifts) > 0 {
		counts := map[string]int{}
		for _, d := range drifts {
			counts[d.Kind]++
		}
		var parts []string
		for _, k := range []string{"drift", "changed", "missing row", "added row", "missing key", "added key"} {
			if counts[k] > 0 {
				kind := k
				if counts[k] > 1 && k != "changed" {
					kind += "s" // 28 missing rows
				}
				parts = append(parts, fmt.Sprintf("%d %s", counts[k], kind))
			}
		}
		fmt.Fprintf(cmd.ErrOrStderr(), "pssa: %s differs from %s: %s\n", o.file, o.expect, strings.Join(parts, ", "))
		return &silentError{code: ExitData}
	}
	return nil
}

// drift is one difference between the reference and this run.
type drift struct {
	Kind    string  `json:"kind"`
	Section string  `json:"section"`
	Row     string  `json:"row"`
	Key     string  `json:"key"`
	Want    string  `json:"expected"`
	Got     string  `json:"got"`
	Rel     float64 `json:"rel_diff"` // NaN (null) where the values are not numbers
}

// checkReport is check's JSON.
type checkReport struct {
	Reference   string  `json:"reference"`
	Tolerance   float64 `json:"tolerance"`
	Drift       bool    `json:"drift"`
	Differences []drift `json:"differences"`
}

// checkDocument lays the differences out as a table, or says there are none.
func checkDocument(o *checkOptions, drifts []drift) *report.Document {
	t := report.Table{Title: fmt.Sprintf("Check of %s against %s (relative tolerance %g)", o.file, o.expect, o.tol),
		Columns: []string{"kind", "section", "row", "key", "expected", "got", "rel. diff"}}
	for _, d := range drifts {
		rel := ""
		if !math.IsNaN(d.Rel) {
			rel = strconv.FormatFloat(d.Rel, 'g', 3, 64)
		}
		t.Rows = append(t.Rows, []report.Cell{report.T(d.Kind), report.T(d.Section), report.T(d.Row), report.T(d.Key),
			report.T(d.Want), report.T(d.Got), report.T(rel)})
	}
	if len(drifts) == 0 {
		t.Columns = []string{"result"}
		t.Rows = [][]report.Cell{{report.T("no drift: every number within tolerance, no row or key added or missing")}}
	}
	js := &checkReport{Reference: o.expect, Tolerance: o.tol, Drift: len(drifts) > 0, Differences: append([]drift{}, drifts...)}
	return &report.Document{Tables: []report.Table{t}, JSON: js}
}

// compareResults lists the differences between two analyze JSON documents:
// numbers beyond the tolerance (drift), other values that changed, rows and
// keys missing or added.
func compareResults(want, have map[string]any, tol float64) []drift {
	var out []drift
	w, _ := want["input"].(map[string]any)
	h, _ := have["input"].(map[string]any)
	w, h = maps.Clone(w), maps.Clone(h)
	// ./x.csv and x.csv are the same input.
	for _, m := range []map[string]any{w, h} {
		if f, ok := m["file"].(string); ok {
			m["file"] = filepath.Clean(f)
		}
	}
	out = append(out, compareRow("input", "", w, h, tol)...)
	// A row's identity (not its numbers) is the key:"true" fields of its
	// type in internal/results.
	for _, s := range (&results.Analysis{}).Sections() {
		sec, keys := s.Key, results.KeyNames(results.RowType(s.Rows))
		wRows, wOrder := indexRows(want[sec], keys)
		hRows, hOrder := indexRows(have[sec], keys)
		for _, id := range wOrder {
			h, ok := hRows[id]
			if !ok {
				out = append(out, drift{Kind: "missing row", Section: sec, Row: id, Rel: math.NaN()})
				continue
			}
			out = append(out, compareRow(sec, id, wRows[id], h, tol)...)
		}
		for _, id := range hOrder {
			if _, ok := wRows[id]; !ok {
				out = append(out, drift{Kind: "added row", Section: sec, Row: id, Rel: math.NaN()})
			}
		}
	}
	return out
}

func indexRows(v any, keys []string) (map[string]map[string]any, []string) {
	rows := map[string]map[string]any{}
	var order []string
	list, _ := v.([]any)
	for _, r := range list {
		m, ok := r.(map[string]any)
		if !ok {
			continue
		}
		var parts []string
		for _, k := range keys {
			if s, ok := m[k].(string); ok && s != "" {
				parts = append(parts, s)
			}
		}
		id := strings.Join(parts, " ")
		if _, dup := rows[id]; !dup {
			order = append(order, id)
		}
		rows[id] = m
	}
	return rows, order
}

func compareRow(sec, id string, want, have map[string]any, tol float64) []drift {
	var out []drift
	// Display names (--group-names: group_label, group1_label, ...) are
	// presentation, not results: a reference made without them still holds.
	for _, m := range []map[string]any{want, have} {
		for k := range m {
			if strings.HasSuffix(k, "_label") {
				delete(m, k)
			}
		}
	}
	keys := make([]string, 0, len(want))
	for k := range want {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		w := want[k]
		h, ok := have[k]
		if !ok {
			out = append(out, drift{Kind: "missing key", Section: sec, Row: id, Key: k, Want: show(w), Rel: math.NaN()})
			continue
		}
		wf, wNum := w.(float64)
		hf, hNum := h.(float64)
		if wNum && hNum {
			diff := math.Abs(wf - hf)
			scale := math.Max(math.Abs(wf), math.Abs(hf))
			if diff > tol*scale {
				out = append(out, drift{Kind: "drift", Section: sec, Row: id, Key: k, Want: show(w), Got: show(h), Rel: diff / scale})
			}
			continue
		}
		if show(w) != show(h) {
			out = append(out, drift{Kind: "changed", Section: sec, Row: id, Key: k, Want: show(w), Got: show(h), Rel: math.NaN()})
		}
	}
	added := make([]string, 0)
	for k := range have {
		if _, ok := want[k]; !ok {
			added = append(added, k)
		}
	}
	sort.Strings(added)
	for _, k := range added {
		out = append(out, drift{Kind: "added key", Section: sec, Row: id, Key: k, Got: show(have[k]), Rel: math.NaN()})
	}
	return out
}

func show(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case string:
		return x
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// jsonProblem says where and what is wrong with a JSON document, in words
// rather than Go's types.
func jsonProblem(data []byte, err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		before := data[:min(int(se.Offset), len(data))]
		line := bytes.Count(before, []byte("\n")) + 1
		col := len(before) - bytes.LastIndexByte(before, '\n')
		return fmt.Sprintf("line %d, column %d: %v", line, col, se)
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Sprintf("its top level is a JSON %s, not an object", te.Value)
	}
	return err.Error()
}

// showOption is show with an empty string visible (like: "" is pssa's own
// conventions).
func showOption(v any) string {
	if v == "" {
		return `""`
	}
	return show(v)
}

// optionsDiffer names the analysis options that differ between two
// documents ("" when they agree): numbers made with other options are not
// drift but another analysis.
func optionsDiffer(want, have map[string]any) string {
	w, _ := want["options"].(map[string]any)
	h, _ := have["options"].(map[string]any)
	var parts []string
	keys := slices.Sorted(maps.Keys(h))
	for _, k := range keys {
		if wv, ok := w[k]; ok && show(wv) != show(h[k]) {
			parts = append(parts, fmt.Sprintf("%s: %s in the reference, %s now", k, showOption(wv), showOption(h[k])))
		}
	}
	return strings.Join(parts, "; ")
}
