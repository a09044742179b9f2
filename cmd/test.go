package cmd

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/pssa-project/pssa/internal/dataset"
	"github.com/pssa-project/pssa/internal/report"
	"github.com/pssa-project/pssa/internal/results"
	"github.com/pssa-project/pssa/stats"
)

// newTestCmd is `pssa test`: one subcommand per kind of test, each in its
// own file (test_<kind>.go) with only the flags that kind uses, so a flag
// that does not apply is a usage error instead of being ignored.
func newTestCmd(g *globalOptions) *cobra.Command {
	c := &cobra.Command{
		Use:   "test KIND FILE",
		Short: "Run one test on named columns of any CSV",
		Long: `test runs one test on columns of any CSV (for instance the output of pssa score).
Rows with a missing value in a used column are left out and counted; --where
COL=VALUE (repeatable) runs the test on the rows whose COL is VALUE.
'pssa test KIND --help' lists each kind's flags.`,
		Example: `  pssa test wilcoxon scored.csv --x SSQ_TOTAL_T2 --y SSQ_TOTAL_T1
  pssa test wilcoxon scored.csv --x SSQ_TOTAL_T2 --y SSQ_TOTAL_T1 --where group=PSW
  pssa test mannwhitney scored.csv --value SWLS_TOTAL_T1 --by group --groups PSW,SU
  pssa test rmanova scored.csv --cols RAS-R_TOTAL_T1,RAS-R_TOTAL_T2,RAS-R_TOTAL_T3 --format json`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			kinds := make([]string, 0, len(cmd.Commands()))
			for _, k := range cmd.Commands() {
				kinds = append(kinds, k.Name())
			}
			if len(args) > 0 {
				return usagef("unknown test %q (kinds: %s)", args[0], strings.Join(kinds, ", "))
			}
			return usagef("test takes KIND and FILE (kinds: %s)", strings.Join(kinds, ", "))
		},
	}
	c.AddCommand(
		newTestWilcoxonCmd(g),
		newTestMannWhitneyCmd(g),
		newTestPairedTCmd(g),
		newTestIndependentTCmd(g, "welch"),
		newTestIndependentTCmd(g, "student"),
		newTestRMANOVACmd(g),
		newTestFriedmanCmd(g),
		newTestMixedCmd(g),
		newTestLMMCmd(g),
	)
	return c
}

// testInput is what every kind shares: the file and the --where subset.
type testInput struct {
	*globalOptions
	file  string
	where []string
}

func (in *testInput) addFlags(f *pflag.FlagSet) {
	f.StringArrayVar(&in.where, "where", nil, "use only the rows whose column COL is VALUE, as COL=VALUE (repeatable: all must hold)")
}

// testCommand builds a kind's command: FILE as its one argument, the
// shared flags, and run called with the loaded (and --where-filtered) table.
func testCommand(in *testInput, use, short, long, example string, run func(cmd *cobra.Command, t *dataset.Table) (any, error)) *cobra.Command {
	c := &cobra.Command{
		Use: use, Short: short, Long: long, Example: example,
		Args: exactArgs(1, "one FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			in.file = args[0]
			t, kept, err := in.table(cmd)
			if err != nil {
				return err
			}
			row, err := run(cmd, t)
			if err != nil {
				return err
			}
			if kept >= 0 {
				setSubset(row, in.where, kept)
			}
			return in.emit(cmd, testDocument(row), in.file)
		},
	}
	in.addFlags(c.Flags())
	return c
}

// table loads FILE and keeps the rows that meet every --where condition;
// kept is -1 without --where.
func (in *testInput) table(cmd *cobra.Command) (*dataset.Table, int, error) {
	type cond struct {
		col   int
		value string
	}
	r, name, err := openInput(cmd, in.file)
	if err != nil {
		return nil, 0, err
	}
	defer r.Close()
	csv, delim, err := dataset.AsCSV(r, name, fileFormat(in.file), in.inputs.sheet)
	if err != nil {
		return nil, 0, err
	}
	if delim == 0 {
		delim = in.delimiterRune()
	}
	t, err := dataset.LoadTable(csv, name, delim, in.missing)
	if err != nil {
		return nil, 0, err
	}
	if len(in.where) == 0 {
		return t, -1, nil
	}
	var conds []cond
	for _, w := range in.where {
		col, val, ok := strings.Cut(w, "=")
		if !ok || strings.TrimSpace(col) == "" {
			return nil, 0, usagef("--where %q is not COL=VALUE", w)
		}
		c, err := t.Column(col)
		if err != nil {
			return nil, 0, fmt.Errorf("--where %s: %w", w, err)
		}
		conds = append(conds, cond{c, strings.TrimSpace(val)})
	}
	texts := make([][]string, len(conds))
	for i, c := range conds {
		texts[i] = t.Text(c.col)
	}
	keep := 0
	for i := range t.Records {
		ok := true
		for j, c := range conds {
			ok = ok && texts[j][i] == c.value
		}
		if ok {
			t.Records[keep], t.Lines[keep] = t.Records[i], t.Lines[i]
			keep++
		}
	}
	t.Records, t.Lines = t.Records[:keep], t.Lines[:keep]
	if keep == 0 {
		return nil, 0, fmt.Errorf("%s: no row meets --where %s", t.File, strings.Join(in.where, " and "))
	}
	return t, keep, nil
}

// setSubset records the --where selection on a test row (every test row
// type embeds results.Subset).
func setSubset(row any, where []string, kept int) {
	if r, ok := row.(interface{ Select([]string, int) }); ok {
		r.Select(where, kept)
	}
}

// rankFlags are the options of the rank tests.
type rankFlags struct {
	method, alternative string
	continuity          bool
	level               float64
	digitsRank          int
}

func (r *rankFlags) add(c *cobra.Command) {
	f := c.Flags()
	enumFlag(c, f, &r.method, "method", "", "auto", methodValues, methodAliases,
		fmt.Sprintf("p-value: exact, asymptotic or auto (exact up to %d pairs or %d per group, ties or not)", stats.ExactThreshold, stats.ExactThreshold))
	enumFlag(c, f, &r.alternative, "alternative", "", "two-sided", alternativeValues, nil, "alternative hypothesis")
	f.BoolVar(&r.continuity, "continuity", true, "continuity correction of the asymptotic p-value (false matches SPSS's Asymp. Sig.)")
	digitsRankFlag(c, &r.digitsRank)
	addConfLevel(c, &r.level)
}

// addConfLevel adds --conf-level, the level of a test's intervals.
func addConfLevel(c *cobra.Command, level *float64) {
	c.Flags().Float64Var(level, "conf-level", 0.95, "confidence level of the intervals (two-sided)")
}

func checkLevel(level float64) error {
	if !(level > 0 && level < 1) {
		return usagef("--conf-level %g must be between 0 and 1", level)
	}
	return nil
}

func (r *rankFlags) options() stats.RankOptions {
	m, _ := stats.ParseMethod(r.method)
	a, _ := stats.ParseAlternative(r.alternative)
	return stats.RankOptions{Alternative: a, Method: m, Continuity: r.continuity, DigitsRank: r.digitsRank}
}

// tFlags are the options of the t tests.
type tFlags struct {
	alternative string
	level       float64
}

func (tf *tFlags) add(c *cobra.Command) {
	enumFlag(c, c.Flags(), &tf.alternative, "alternative", "", "two-sided", alternativeValues, nil, "alternative hypothesis")
	addConfLevel(c, &tf.level)
}

func (tf *tFlags) check() (stats.Alternative, error) {
	if err := checkLevel(tf.level); err != nil {
		return 0, err
	}
	a, _ := stats.ParseAlternative(tf.alternative)
	return a, nil
}

// testErr places a statistical failure (degenerate data) in its file.
func testErr(kind, file string, err error) error {
	return fmt.Errorf("%s on %s: %v", kind, file, err)
}

func need(flag, val, kind string) error {
	if strings.TrimSpace(val) == "" {
		return usagef("%s needs --%s", kind, flag)
	}
	return nil
}

// pairedColumns reads --x and --y, leaving out (and counting) rows with a
// missing value in either.
func pairedColumns(t *dataset.Table, kind, xName, yName string) (x, y []float64, dropped int, err error) {
	if err := need("x", xName, kind); err != nil {
		return nil, nil, 0, err
	}
	if err := need("y", yName, kind); err != nil {
		return nil, nil, 0, err
	}
	xs, err := numericColumn(t, xName)
	if err != nil {
		return nil, nil, 0, err
	}
	ys, err := numericColumn(t, yName)
	if err != nil {
		return nil, nil, 0, err
	}
	for i := range xs {
		if math.IsNaN(xs[i]) || math.IsNaN(ys[i]) {
			dropped++
			continue
		}
		x = append(x, xs[i])
		y = append(y, ys[i])
	}
	if len(x) == 0 {
		return nil, nil, 0, fmt.Errorf("%s: no row has both %s and %s (%d rows, all with one missing)", t.File, xName, yName, len(xs))
	}
	return x, y, dropped, nil
}

func numericColumn(t *dataset.Table, name string) ([]float64, error) {
	c, err := t.Column(name)
	if err != nil {
		return nil, err
	}
	vals, err := t.Numeric(c)
	if err != nil {
		return nil, err
	}
	for i, v := range vals {
		// Sums of squares of larger values overflow: every statistic would
		// come out null with no reason given.
		if a := math.Abs(v); a > maxTestValue || a != 0 && a < 1/maxTestValue {
			what := "large"
			if a < 1 {
				what = "small" // its square underflows to 0: a false "no variance"
			}
			return nil, fmt.Errorf("%s: line %d, column %q: value %q is too %s to compute with (sizes from 1e-100 to 1e100, or 0)",
				t.File, t.Lines[i], t.Header[c], strings.TrimSpace(t.Records[i][c]), what)
		}
	}
	return vals, nil
}

// maxTestValue bounds the size of the values pssa test takes: their squares,
// summed over a hundred million rows, stay finite, and those of non-zero
// values at least 1/maxTestValue in size stay above 0.
const maxTestValue = 1e100

// groupFlags choose the two samples of a two-group test.
type groupFlags struct {
	value, by string
	groups    []string
}

func (gf *groupFlags) add(c *cobra.Command) {
	f := c.Flags()
	f.StringVar(&gf.value, "value", "", "the value column")
	f.StringVar(&gf.by, "by", "", "the group column")
	f.StringSliceVar(&gf.groups, "groups", nil, "the two groups to compare, in order (e.g. PSW,SU); default: the first two in the file")
}

// groupLabels reads the group column and its groups in order of first
// appearance.
func groupLabels(t *dataset.Table, by string) (labels, order []string, err error) {
	bc, err := t.Column(by)
	if err != nil {
		return nil, nil, err
	}
	labels = t.Text(bc)
	for _, l := range labels {
		if l != "" && !slices.Contains(order, l) {
			order = append(order, l)
		}
	}
	return labels, order, nil
}

// columns returns the two samples: the values of group 1 and group 2,
// leaving out (and counting) their rows with a missing value and the rows
// with no group.
func (gf *groupFlags) columns(t *dataset.Table, kind string) (x, y []float64, g1, g2 string, dropped int, err error) {
	if err := need("value", gf.value, kind); err != nil {
		return nil, nil, "", "", 0, err
	}
	if err := need("by", gf.by, kind); err != nil {
		return nil, nil, "", "", 0, err
	}
	vals, err := numericColumn(t, gf.value)
	if err != nil {
		return nil, nil, "", "", 0, err
	}
	labels, order, err := groupLabels(t, gf.by)
	if err != nil {
		return nil, nil, "", "", 0, err
	}
	switch {
	case len(gf.groups) == 2:
		g1, g2 = strings.TrimSpace(gf.groups[0]), strings.TrimSpace(gf.groups[1])
		for _, g := range []string{g1, g2} {
			if !slices.Contains(order, g) {
				return nil, nil, "", "", 0, fmt.Errorf("%s: column %s has no group %q (groups: %s)", t.File, gf.by, g, strings.Join(order, ", "))
			}
		}
		if g1 == g2 {
			return nil, nil, "", "", 0, usagef("--groups names %s twice", g1)
		}
	case len(gf.groups) != 0:
		return nil, nil, "", "", 0, usagef("--groups takes exactly two groups, e.g. --groups PSW,SU")
	case len(order) == 2:
		g1, g2 = order[0], order[1]
	case len(order) < 2:
		return nil, nil, "", "", 0, fmt.Errorf("%s: column %s has %d group(s) (%s); a two-group test needs two", t.File, gf.by, len(order), strings.Join(order, ", "))
	default:
		return nil, nil, "", "", 0, usagef("column %s has %d groups (%s): choose two with --groups", gf.by, len(order), strings.Join(order, ", "))
	}
	for i, l := range labels {
		if l == "" {
			dropped++ // a missing group is a missing value in a used column
			continue
		}
		if l != g1 && l != g2 {
			continue
		}
		if math.IsNaN(vals[i]) {
			dropped++
			continue
		}
		if l == g1 {
			x = append(x, vals[i])
		} else {
			y = append(y, vals[i])
		}
	}
	return x, y, g1, g2, dropped, nil
}

// wideColumns reads --cols as rows of complete cases, counting the rows
// left out.
func wideColumns(t *dataset.Table, kind string, names []string) ([][]float64, int, error) {
	if len(names) < 2 {
		return nil, 0, usagef("%s needs --cols with at least two columns, e.g. --cols A_T1,A_T2,A_T3", kind)
	}
	cols := make([][]float64, len(names))
	for j, name := range names {
		v, err := numericColumn(t, name)
		if err != nil {
			return nil, 0, err
		}
		cols[j] = v
	}
	var data [][]float64
	dropped := 0
	for i := range cols[0] {
		row := make([]float64, len(cols))
		ok := true
		for j := range cols {
			row[j] = cols[j][i]
			ok = ok && !math.IsNaN(row[j])
		}
		if !ok {
			dropped++
			continue
		}
		data = append(data, row)
	}
	if len(data) < 2 {
		return nil, 0, fmt.Errorf("%s: %d complete rows over %s (need at least 2; %d rows have a missing value)", t.File, len(data), strings.Join(names, ", "), dropped)
	}
	return data, dropped, nil
}

// testDocument lays a test row out as a quantity/value table (its JSON is
// the row itself).
func testDocument(row any) *report.Document {
	var cap results.Caption
	if c, ok := row.(interface{ Heading() results.Caption }); ok {
		cap = c.Heading()
	}
	t := report.Table{Title: cap.Title, Columns: []string{"quantity", "value"}, Notes: cap.Notes}
	var nested []report.Table
	for _, f := range results.Fields(reflect.TypeOf(row)) {
		v := results.Value(row, f)
		if sub, ok := nestedTable(f.Name, v); ok {
			// A list of rows (the effects of an ANOVA): a table of its own.
			nested = append(nested, sub)
			continue
		}
		var cell report.Cell
		switch x := v.(type) {
		case nil:
			continue
		case float64:
			cell = testCell(f.Name, x)
		case int:
			cell = report.I(x)
		case []string:
			if len(x) == 0 && f.OmitEmpty {
				continue
			}
			cell = report.T(strings.Join(x, " and "))
		case []int:
			cell = report.T(strings.Trim(fmt.Sprint(x), "[]"))
		default:
			cell = report.T(fmt.Sprint(x))
		}
		t.Rows = append(t.Rows, []report.Cell{report.T(f.Name), cell})
	}
	return &report.Document{Tables: append([]report.Table{t}, nested...), JSON: row}
}
