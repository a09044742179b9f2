package instruments

import (
	"fmt"
	"os"
	"sort"
	"strings"
)

// builtinOrder is the order instruments are listed and reported in.
var builtinOrder = []string{"SSQ", "SWLS", "EMAS", "RAS-R", "COPM", "CAMI"}

// Registry holds the known instruments and the variant in use for each.
type Registry struct {
	variants map[string][]*Definition // code → variants
	active   map[string]*Definition
	alias    map[string]string // alias or code → code
	order    []string
}

// Builtin returns the registry of the built-in definitions (defs/*.yaml).
func Builtin() (*Registry, error) {
	r := &Registry{variants: map[string][]*Definition{}, active: map[string]*Definition{}, alias: map[string]string{}}
	// The definitions of defs/*.yaml, as Go values (builtin_gen.go): no
	// YAML is parsed at start-up.
	for _, d := range builtinDefinitions() {
		r.add(d, false)
	}
	// Builtin order first, then anything else alphabetically.
	known := map[string]bool{}
	for _, c := range builtinOrder {
		known[c] = true
	}
	var rest []string
	for _, c := range r.order {
		if !known[c] {
			rest = append(rest, c)
		}
	}
	sort.Strings(rest)
	r.order = append(append([]string(nil), builtinOrder...), rest...)
	for _, c := range r.order {
		if r.active[c] == nil {
			return nil, fmt.Errorf("built-in instrument %s has no default variant", c)
		}
	}
	return r, nil
}

func (r *Registry) add(d *Definition, user bool) {
	if _, ok := r.variants[d.Code]; !ok {
		r.order = append(r.order, d.Code)
	}
	replaced := false
	for i, v := range r.variants[d.Code] {
		if v.Variant == d.Variant {
			r.variants[d.Code][i] = d
			replaced = true
		}
	}
	if !replaced {
		r.variants[d.Code] = append(r.variants[d.Code], d)
	}
	// A user's definition is the one used for its code; among built-ins the
	// default variant is.
	if user || d.Default || r.active[d.Code] == nil {
		r.active[d.Code] = d
	}
	r.alias[d.Code] = d.Code
	for _, a := range d.Aliases {
		r.alias[a] = d.Code
	}
}

// LoadFile adds the definitions of a user's YAML or JSON file; a definition
// with the code of a known instrument replaces it (for that run).
func (r *Registry) LoadFile(file string) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	defs, err := ParseDefinitions(data, file)
	if err != nil {
		return err
	}
	for _, d := range defs {
		if other, ok := r.alias[d.Code]; ok && other != d.Code {
			return fmt.Errorf("%s: code %s is an alias of %s; use that code", file, d.Code, other)
		}
		r.add(d, true)
	}
	return nil
}

// SelectVariant makes a variant the one used for its instrument.
func (r *Registry) SelectVariant(code, variant string) error {
	c, ok := r.alias[strings.ToUpper(code)]
	if !ok {
		return fmt.Errorf("unknown instrument %q (known: %s)", code, strings.Join(r.Codes(), ", "))
	}
	var names []string
	for _, v := range r.variants[c] {
		if strings.EqualFold(v.Variant, variant) {
			r.active[c] = v
			return nil
		}
		names = append(names, v.Variant)
	}
	return fmt.Errorf("%s has no variant %q (variants: %s)", c, variant, strings.Join(names, ", "))
}

// Active returns the definition used for a code or alias.
func (r *Registry) Active(code string) (*Definition, bool) {
	c, ok := r.alias[strings.ToUpper(code)]
	if !ok {
		return nil, false
	}
	return r.active[c], true
}

// All returns the definitions in use, in report order.
func (r *Registry) All() []*Definition {
	out := make([]*Definition, 0, len(r.order))
	for _, c := range r.order {
		out = append(out, r.active[c])
	}
	return out
}

// Variants returns every variant of an instrument.
func (r *Registry) Variants(code string) []*Definition {
	c, ok := r.alias[strings.ToUpper(code)]
	if !ok {
		return nil
	}
	return r.variants[c]
}

// Codes returns the instrument codes in report order.
func (r *Registry) Codes() []string { return append([]string(nil), r.order...) }

// Index returns the report position of an instrument.
func (r *Registry) Index(code string) int {
	for i, c := range r.order {
		if c == code {
			return i
		}
	}
	return len(r.order)
}
