package cmd

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/pssa-project/pssa/instruments"
	"github.com/pssa-project/pssa/internal/dataset"
	"github.com/pssa-project/pssa/internal/report"
)

type scoreOptions struct {
	*globalOptions
	file string
}

func newScoreCmd(g *globalOptions) *cobra.Command {
	o := &scoreOptions{globalOptions: g}
	return &cobra.Command{
		Use:   "score FILE",
		Short: "Write the scored wide file: id, group, pass-through columns, then every scale score",
		Long: `score applies each instrument's key (reverse items, subscales, prorating when at
most 20% of a scale's items are missing) and writes one row per participant:
id, group, the pass-through columns, then <INSTRUMENT>_<SCALE>_<TIME> columns
(e.g. CAMI_AU_T1, RAS-R_PCH_T2, COPM_PERF_T1). Missing scores are empty in csv/tsv
and null in json. The number of prorated scores goes to standard error.`,
		Example: `  pssa score scores.csv --format csv > scored.csv
  pssa score scores.csv -o scored.csv
  pssa score scores.csv --variant SWLS=spanish-5 --format tsv`,
		Args: exactArgs(1, "one FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.file = args[0]
			return runScore(cmd, o)
		},
	}
}

func runScore(cmd *cobra.Command, o *scoreOptions) error {
	l, err := o.load(cmd, o.file, true)
	if err != nil {
		return err
	}
	sc := instruments.ScoreDataset(l.data, l.reg)
	o.warnProblems(l.data.Warnings())
	if len(sc.Scores) == 0 {
		return noInstruments(l)
	}
	total, scales := 0, 0
	for _, s := range sc.Scores {
		if s.NProrated > 0 {
			total += s.NProrated
			scales++
		}
	}
	if total > 0 {
		o.warn(fmt.Sprintf("note: %d %s prorated in %d %s (items missing, within each instrument's limit); 'pssa describe' counts them per scale",
			total, plural(total, "score", "scores"), scales, plural(scales, "column", "columns")))
	}
	if o.format == "csv" || o.format == "tsv" {
		// Row by row: a registry's scored file is never held as a table.
		header, fill := scoredRows(sc)
		return o.emitStream(cmd, func(w io.Writer) error {
			return report.StreamDelimited(w, o.format, header, sc.Data.Rows(), fill)
		}, o.file)
	}
	return o.emit(cmd, scoredDocument(sc), o.file)
}

// scoredRows is the scored file's header and a function that fills row i.
func scoredRows(sc *instruments.Scores) ([]string, func(int, []report.Cell)) {
	ds := sc.Data
	header := []string{"id", "group"}
	var extra []*dataset.Column
	for _, c := range ds.Columns {
		if c.Kind == dataset.KindExtra {
			extra = append(extra, c)
			header = append(header, c.Name)
		}
	}
	for _, s := range sc.Scores {
		header = append(header, s.Name())
	}
	return header, func(i int, row []report.Cell) {
		row[0], row[1] = report.T(ds.ID(i)), report.T(ds.Group(i))
		k := 2
		for _, c := range extra {
			row[k] = report.T(c.Text.At(i))
			k++
		}
		for _, s := range sc.Scores {
			row[k] = report.N(s.Values[i], 2)
			k++
		}
	}
}

func scoredDocument(sc *instruments.Scores) *report.Document {
	header, fill := scoredRows(sc)
	t := report.Table{Columns: header}
	for i := 0; i < sc.Data.Rows(); i++ {
		row := make([]report.Cell, len(header))
		fill(i, row)
		t.Rows = append(t.Rows, row)
	}
	return &report.Document{Tables: []report.Table{t}}
}
