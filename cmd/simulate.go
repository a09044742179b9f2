package cmd

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/pssa-project/pssa/instruments"
)

type simulateOptions struct {
	*globalOptions
	participants int
	seed         uint64
	missingRate  float64
}

func newSimulateCmd(g *globalOptions) *cobra.Command {
	o := &simulateOptions{globalOptions: g}
	c := &cobra.Command{
		Use:   "simulate",
		Short: "Write a synthetic wide CSV with the model study's design (for demos, tests and benchmarks)",
		Long: `simulate writes a clearly synthetic dataset (ids SYN-..., column synthetic = 1)
with the design of the model study: peer support workers (PSW, 10% of the
participants) answer SSQ, SWLS, EMAS, RAS-R and COPM at T1, T2 and T3, with
drop-out; service users (SU, 40%) the same instruments at T1 and T3; mental-health
professionals (MHP, 50%) CAMI at T1 and T2. About 2% of item responses are
missing. The same --participants and --seed always give the same bytes.

testdata/example.csv was made with: pssa simulate --participants 160 --seed 1`,
		Example: `  pssa simulate -o example.csv
  pssa simulate --participants 1000000 --seed 7 -o registry.csv`,
		Args: exactArgs(0, ""),
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.participants < 1 || o.participants > 100_000_000 {
				return usagef("--participants %d must be between 1 and 100000000", o.participants)
			}
			if !(o.missingRate >= 0 && o.missingRate < 1) {
				return usagef("--missing-rate %g must be in [0, 1)", o.missingRate)
			}
			reg, err := g.registry()
			if err != nil {
				return err
			}
			if g.output == "" || g.output == "-" {
				bw := bufio.NewWriterSize(cmd.OutOrStdout(), 1<<16)
				if err := simulate(bw, reg, o); err != nil {
					return err
				}
				return bw.Flush()
			}
			if err := g.checkOutputExt(cmd); err != nil {
				return err
			}
			f, err := createAtomic(g.output)
			if err != nil {
				return err
			}
			defer f.Abort()
			bw := bufio.NewWriterSize(f, 1<<20)
			if err := simulate(bw, reg, o); err != nil {
				return err
			}
			if err := bw.Flush(); err != nil {
				return fmt.Errorf("-o %s: %v", g.output, err)
			}
			return f.Commit()
		},
	}
	c.Flags().IntVarP(&o.participants, "participants", "n", 160, "number of participants (rows)")
	c.Flags().Uint64Var(&o.seed, "seed", 1, "random seed")
	c.Flags().Float64Var(&o.missingRate, "missing-rate", 0.02, "probability that an item response is missing")
	return c
}

// simGroup describes one participant group of the simulated design.
type simGroup struct {
	code     string
	share    float64
	insts    []string
	times    []int
	dropout  []float64 // probability of having left by each time point
	change   float64   // mean latent change per time step (SD units)
	baseline float64   // baseline latent mean
}

var simDesign = []simGroup{
	{code: "PSW", share: 0.10, insts: []string{"SSQ", "SWLS", "EMAS", "RAS-R", "COPM"}, times: []int{1, 2, 3}, dropout: []float64{0, 0.15, 0.3}, change: 0.35, baseline: 0.3},
	{code: "SU", share: 0.40, insts: []string{"SSQ", "SWLS", "EMAS", "RAS-R", "COPM"}, times: []int{1, 3}, dropout: []float64{0, 0.25}, change: 0.2, baseline: -0.2},
	{code: "MHP", share: 0.50, insts: []string{"CAMI"}, times: []int{1, 2}, dropout: []float64{0, 0.2}, change: 0.15, baseline: 0.8},
}

var copmProblems = []string{"FINDWORK", "SELFCARE", "SOCIAL", "LEISURE", "HOUSEWORK"}

type simColumn struct {
	inst    *instruments.Definition
	item    int    // item number; 0 for COPM
	rating  string // PERF or SAT
	problem int    // COPM problem index
	time    int
	reverse bool // the item's raw response runs against the favourable direction
}

// simColumns lays out the example's columns: every item (or COPM rating)
// of every instrument at the time points the study used.
func simColumns(reg *instruments.Registry) ([]simColumn, []string, error) {
	var cols []simColumn
	header := []string{"id", "group", "site", "age", "synthetic"}
	for _, code := range []string{"SSQ", "SWLS", "EMAS", "RAS-R", "COPM", "CAMI"} {
		d, ok := reg.Active(code)
		if !ok {
			return nil, nil, fmt.Errorf("instrument %s is not defined", code)
		}
		for t := 1; t <= 3; t++ {
			if !usedAt(code, t) {
				continue
			}
			if d.IsCOPM() {
				for p, name := range copmProblems {
					for _, r := range []string{"PERF", "SAT"} {
						cols = append(cols, simColumn{inst: d, rating: r, problem: p, time: t})
						header = append(header, fmt.Sprintf("COPM_%s_%s_T%d", r, name, t))
					}
				}
				continue
			}
			// Favourable direction: the first scale (TOTAL) of each definition.
			rev := d.ReverseSet(&d.Scales[0])
			for i := 1; i <= d.Items; i++ {
				cols = append(cols, simColumn{inst: d, item: i, time: t, reverse: rev[i]})
				header = append(header, fmt.Sprintf("%s_%d_T%d", code, i, t))
			}
		}
	}
	return cols, header, nil
}

// simCounts splits n participants over the design's groups by their shares.
func simCounts(n int) []int {
	counts := make([]int, len(simDesign))
	rest := n
	for i := range simDesign {
		counts[i] = int(math.Round(float64(n) * simDesign[i].share))
		if i == len(simDesign)-1 {
			counts[i] = rest
		}
		counts[i] = min(counts[i], rest)
		rest -= counts[i]
	}
	return counts
}

func simulate(w io.Writer, reg *instruments.Registry, o *simulateOptions) error {
	cols, header, err := simColumns(reg)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	writeRow := func(rec []string) {
		for i, f := range rec {
			if i > 0 {
				bw.WriteByte(',')
			}
			bw.WriteString(f)
		}
		bw.WriteByte('\n')
	}
	writeRow(header)

	rng := rand.New(rand.NewPCG(o.seed, 0x9e3779b97f4a7c15))
	counts := simCounts(o.participants)
	rec := make([]string, len(header))
	latent := map[string]float64{}
	for gi, g := range simDesign {
		for p := 1; p <= counts[gi]; p++ {
			rec[0] = fmt.Sprintf("SYN-%s-%04d", g.code, p)
			rec[1] = g.code
			rec[2] = string(rune('A' + rng.IntN(2)))
			rec[3] = strconv.Itoa(22 + rng.IntN(45))
			rec[4] = "1"
			// The time point after which this participant dropped out.
			last := g.times[len(g.times)-1]
			u := rng.Float64()
			for k := len(g.times) - 1; k >= 1; k-- {
				if u < g.dropout[k] {
					last = g.times[k-1]
				}
			}
			for _, in := range g.insts {
				latent[in] = g.baseline + rng.NormFloat64()
			}
			var problems [5]bool
			for k := 0; k < 2+rng.IntN(3); k++ {
				problems[rng.IntN(5)] = true
			}
			noise := map[int]float64{}
			for t := 1; t <= 3; t++ {
				noise[t] = 0.4 * rng.NormFloat64()
			}
			for i, c := range cols {
				code := c.inst.Code
				active := contains(g.insts, code) && containsInt(g.times, c.time) && c.time <= last
				if !active || (c.item == 0 && !problems[c.problem]) || rng.Float64() < o.missingRate {
					rec[5+i] = ""
					continue
				}
				th := latent[code] + g.change*float64(c.time-1) + noise[c.time]
				if c.item == 0 {
					base := 4.5 + 1.4*th
					if c.rating == "SAT" {
						base -= 0.4
					}
					rec[5+i] = strconv.Itoa(clampInt(math.Round(base+1.2*rng.NormFloat64()), 1, 10))
					continue
				}
				mid := (c.inst.Min + c.inst.Max) / 2
				spread := (c.inst.Max - c.inst.Min) / 4
				v := clampInt(math.Round(mid+0.4*spread+spread*(0.8*th+0.7*rng.NormFloat64())), int(c.inst.Min), int(c.inst.Max))
				if c.reverse {
					v = int(c.inst.Min+c.inst.Max) - v
				}
				rec[5+i] = strconv.Itoa(v)
			}
			writeRow(rec)
		}
	}
	return bw.Flush()
}

func usedAt(code string, t int) bool {
	for _, g := range simDesign {
		if contains(g.insts, code) && containsInt(g.times, t) {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func containsInt(list []int, v int) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func clampInt(v float64, lo, hi int) int {
	return max(lo, min(hi, int(v)))
}
