package cmd

import (
	"fmt"

	"github.com/pssa-project/pssa/instruments"
	"github.com/pssa-project/pssa/internal/report"
)

// clinicalKeyTable lists each scale's published reliability and norms (the
// inputs of pssa change) with their sources; ok is false when the definition
// has none.
func clinicalKeyTable(d *instruments.Definition) (report.Table, bool) {
	t := report.Table{Title: "Reliability and norms (for pssa change)", Columns: []string{"scale", "what", "value", "source"}}
	add := func(scale, what, value, source string) {
		t.Rows = append(t.Rows, []report.Cell{report.T(scale), report.T(what), report.T(value), report.T(source)})
	}
	norm := func(n *instruments.Norm) string {
		v := fmt.Sprintf("M %g, SD %g", n.Mean, n.SD)
		if n.N > 0 {
			v += fmt.Sprintf(", n %d", n.N)
		}
		return v
	}
	for i := range d.Scales {
		s := &d.Scales[i]
		if r := s.Reliability; r != nil {
			add(s.Code, "reliability ("+r.Kind+")", fmt.Sprintf("%g", r.Value), r.Source)
		}
		if s.Norms != nil {
			if n := s.Norms.Functional; n != nil {
				add(s.Code, "functional norm", norm(n), n.Source)
			}
			if n := s.Norms.Dysfunctional; n != nil {
				add(s.Code, "dysfunctional norm", norm(n), n.Source)
			}
		}
	}
	if d.ClinicalChange > 0 {
		add("all", "minimal important difference", fmt.Sprintf("%g points", d.ClinicalChange), d.Citation)
	}
	if len(t.Rows) == 0 {
		return t, false
	}
	t.Notes = []string{"Scales not listed have no published value in this definition: pass --reliability (or --reliability study) and --norms to pssa change."}
	return t, true
}
