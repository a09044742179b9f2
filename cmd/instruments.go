package cmd

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/pssa-project/pssa/instruments"
	"github.com/pssa-project/pssa/internal/report"
)

func newInstrumentsCmd(g *globalOptions) *cobra.Command {
	c := &cobra.Command{
		Use:   "instruments",
		Short: "List the instrument registry",
		Long: `instruments lists the questionnaires pssa knows, the variant in use for each, and
whether its key is confirmed from the published source or provisional.
'instruments show CODE' prints the whole key: items, response range, reverse
keys, each scale's items, how it is formed and which direction is better.

Definitions are data: pass a YAML or JSON file with --instruments to add an
instrument or override one (same schema as 'instruments show CODE --format json').`,
		Example: `  pssa instruments
  pssa instruments show CAMI
  pssa instruments show SWLS --variant SWLS=spanish-5
  pssa instruments --instruments my-scales.yaml`,
		Args: exactArgs(0, ""),
		RunE: func(cmd *cobra.Command, args []string) error {
			reg, err := g.registry()
			if err != nil {
				return err
			}
			return g.emit(cmd, instrumentList(reg))
		},
	}
	c.AddCommand(&cobra.Command{
		Use:     "show CODE",
		Short:   "Print an instrument's scoring key and sources",
		Example: "  pssa instruments show RAS-R\n  pssa instruments show CAMI --format json\n  pssa instruments show SWLS --format yaml > my-swls.yaml   # edit, then --instruments my-swls.yaml",
		Args:    exactArgs(1, "one instrument CODE"),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			reg, err := g.registry()
			if err != nil {
				return nil, cobra.ShellCompDirectiveError
			}
			return reg.Codes(), cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			reg, err := g.registry()
			if err != nil {
				return err
			}
			d, ok := reg.Active(args[0])
			if !ok {
				return usagef("unknown instrument %q (known: %s)", args[0], strings.Join(reg.Codes(), ", "))
			}
			return g.emit(cmd, instrumentKey(reg, d))
		},
	})
	return c
}

func instrumentList(reg *instruments.Registry) *report.Document {
	t := report.Table{Title: "Instruments", Columns: []string{"code", "variant", "name", "items", "range", "scales", "status"}}
	for _, d := range reg.All() {
		var scales []string
		for _, s := range d.Scales {
			scales = append(scales, s.Code)
		}
		items := fmt.Sprint(d.Items)
		if d.IsCOPM() {
			items = fmt.Sprintf("≤ %d problems", d.MaxProblems)
		}
		var others []string
		for _, v := range reg.Variants(d.Code) {
			if v != d {
				others = append(others, v.Variant)
			}
		}
		variant := d.Variant
		if len(others) > 0 {
			variant += " (also: " + strings.Join(others, ", ") + ")"
		}
		t.Rows = append(t.Rows, []report.Cell{report.T(d.Code), report.T(variant), report.T(d.Name), report.T(items),
			report.T(fmt.Sprintf("%g–%g", d.Min, d.Max)), report.T(strings.Join(scales, " ")), report.T(d.Status)})
	}
	t.Notes = []string{"'pssa instruments show CODE' prints the key and its sources; provisional keys should be checked against the questionnaire you used."}
	return &report.Document{Tables: []report.Table{t}, JSON: reg.All()}
}

func direction(s *instruments.Scale) string {
	switch s.Better {
	case "higher":
		return "↑ better"
	case "lower":
		return "↓ better"
	}
	return "no direction"
}

func instrumentKey(reg *instruments.Registry, d *instruments.Definition) *report.Document {
	info := report.Table{Title: fmt.Sprintf("%s — %s", d.Label(), d.Name), Columns: []string{"field", "value"}}
	add := func(k, v string) { info.Rows = append(info.Rows, []report.Cell{report.T(k), report.T(v)}) }
	add("status", d.Status)
	add("source", d.Source)
	if d.IsCOPM() {
		add("problems", fmt.Sprintf("up to %d, each rated for PERF and SAT", d.MaxProblems))
		add("clinically important change", fmt.Sprintf("≥ %g points", d.ClinicalChange))
	} else {
		add("items", fmt.Sprint(d.Items))
	}
	add("response range", fmt.Sprintf("%g–%g (%s)", d.Min, d.Max, d.Anchors))
	if !d.IsCOPM() {
		add("missing items", fmt.Sprintf("a scale is prorated when at most %g%% of its items are missing, missing otherwise", 100*d.MissingFraction()))
	}
	var vs []string
	for _, v := range reg.Variants(d.Code) {
		vs = append(vs, v.Variant)
	}
	add("variants", strings.Join(vs, ", ")+" (choose with --variant "+d.Code+"=NAME)")
	add("citation", d.Citation)
	for _, n := range d.Notes {
		add("note", n)
	}
	scales := report.Table{Title: "Scales", Columns: []string{"scale", "name", "items", "reversed", "score", "direction", "higher means"}}
	for i := range d.Scales {
		s := &d.Scales[i]
		lo, hi := d.Range(s)
		rev := instruments.ItemList{}
		for _, it := range s.Items {
			if d.ReverseSet(s)[it] {
				rev = append(rev, it)
			}
		}
		items, revs := s.Items.String(), rev.String()
		if d.IsCOPM() {
			items, revs = "each rated problem", ""
		}
		how := fmt.Sprintf("%s, %g–%g", s.Aggregate, lo, hi)
		scales.Rows = append(scales.Rows, []report.Cell{report.T(s.Code), report.T(s.Name), report.T(items), report.T(revs),
			report.T(how), report.T(direction(s)), report.T(s.HigherMeans)})
	}
	tables := []report.Table{info, scales}
	if t, ok := clinicalKeyTable(d); ok {
		tables = append(tables, t)
	}
	return &report.Document{Tables: tables, JSON: d, YAML: d}
}
