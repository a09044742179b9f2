package scoring

import (
	"github.com/pssa-project/pssa/instruments"
	"github.com/pssa-project/pssa/internal/dataset"
)

// Schema is the registry as the loader's column grammar sees it
// (dataset.Schema): which instruments exist, their items, ranges and
// scales. It lives here so that the public instruments package exposes no
// internal type.
type Schema struct{ *instruments.Registry }

// Instrument implements dataset.Schema.
func (r Schema) Instrument(code string) (*dataset.Instrument, bool) {
	d, ok := r.Active(code)
	if !ok {
		return nil, false
	}
	inst := &dataset.Instrument{Code: d.Code, Label: d.Label(), Items: d.Items, COPM: d.IsCOPM(),
		Min: d.Min, Max: d.Max, Scales: map[string][2]float64{}, ItemNames: d.ItemNames}
	for i := range d.Scales {
		lo, hi := d.Range(&d.Scales[i])
		inst.Scales[d.Scales[i].Code] = [2]float64{lo, hi}
	}
	return inst, true
}
