// Package instruments holds the questionnaire definitions (data: defs/*.yaml,
// compiled in as builtin_gen.go, in the same schema users pass with
// --instruments) and the one generic scorer that turns a dataset's item
// columns into scale scores.
package instruments

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// Definition is one instrument (one variant of it), as written in a YAML or
// JSON definition file.
type Definition struct {
	Code     string   `yaml:"code" json:"code"`
	Aliases  []string `yaml:"aliases,omitempty" json:"aliases,omitempty"`
	Variant  string   `yaml:"variant" json:"variant"`
	Default  bool     `yaml:"default,omitempty" json:"default,omitempty"`
	Name     string   `yaml:"name" json:"name"`
	Citation string   `yaml:"citation" json:"citation"`
	// Status is confirmed, corroborated or provisional (see docs/instruments.md).
	Status string   `yaml:"status" json:"status"`
	Notes  []string `yaml:"notes,omitempty" json:"notes,omitempty"`
	// Kind is "items" (the default) or "copm".
	Kind  string `yaml:"kind,omitempty" json:"kind,omitempty"`
	Items int    `yaml:"items,omitempty" json:"items,omitempty"`
	// ItemNames optionally names the items (A1, A2, ...), item i's name at
	// i-1, so that columns such as BFI_A1_T1 are read as items.
	ItemNames []string `yaml:"item_names,omitempty" json:"item_names,omitempty"`
	Min       float64  `yaml:"min" json:"min"`
	Max       float64  `yaml:"max" json:"max"`
	Anchors   string   `yaml:"anchors,omitempty" json:"anchors,omitempty"`
	Reverse   ItemList `yaml:"reverse,omitempty" json:"reverse,omitempty"`
	// MaxMissing is the largest fraction of a scale's items that may be
	// missing for the scale to be prorated (default 0.2).
	MaxMissing *float64 `yaml:"max_missing_fraction,omitempty" json:"max_missing_fraction,omitempty"`
	// COPM only.
	MaxProblems    int     `yaml:"max_problems,omitempty" json:"max_problems,omitempty"`
	ClinicalChange float64 `yaml:"clinical_change,omitempty" json:"clinical_change,omitempty"`
	Scales         []Scale `yaml:"scales" json:"scales"`

	// Source names the file the definition came from ("built-in" or a
	// path). It is written by 'instruments show' and, on loading, replaced
	// by the file's own path, so a shown definition loads back.
	Source string `yaml:"source,omitempty" json:"source"`
}

// Scale is a total or subscale of an instrument.
type Scale struct {
	Code  string   `yaml:"code" json:"code"`
	Name  string   `yaml:"name" json:"name"`
	Items ItemList `yaml:"items,omitempty" json:"items,omitempty"`
	// Reverse lists the items reversed (min + max − x) in this scale; when
	// absent, the instrument's reverse list applies.
	Reverse   *ItemList `yaml:"reverse,omitempty" json:"reverse,omitempty"`
	Aggregate string    `yaml:"aggregate" json:"aggregate"` // sum or mean
	// Better is higher, lower or none: which direction is an improvement.
	Better      string `yaml:"better" json:"better"`
	HigherMeans string `yaml:"higher_means" json:"higher_means"`
	// Alpha false turns Cronbach's alpha off for a scale whose items are
	// not keyed one way even after reversal (CAMI's CONSTRUCT and RAW sums);
	// by default alpha is computed for every scale of two or more items.
	Alpha *bool `yaml:"alpha,omitempty" json:"alpha,omitempty"`
	// Reliability and Norms feed pssa change (clinical.go).
	Reliability *Reliability `yaml:"reliability,omitempty" json:"reliability,omitempty"`
	Norms       *Norms       `yaml:"norms,omitempty" json:"norms,omitempty"`
}

// WantsAlpha reports whether Cronbach's alpha is computed for the scale.
func (s *Scale) WantsAlpha() bool { return s.Alpha == nil || *s.Alpha }

// IsCOPM reports whether the definition is of the COPM kind.
func (d *Definition) IsCOPM() bool { return d.Kind == "copm" }

// MissingFraction returns the prorating threshold.
func (d *Definition) MissingFraction() float64 {
	if d.MaxMissing == nil {
		return 0.2
	}
	return *d.MaxMissing
}

// Scale returns the scale with the given code, or nil.
func (d *Definition) Scale(code string) *Scale {
	for i := range d.Scales {
		if d.Scales[i].Code == code {
			return &d.Scales[i]
		}
	}
	return nil
}

// ReverseSet returns the items reversed in scale s.
func (d *Definition) ReverseSet(s *Scale) map[int]bool {
	list := d.Reverse
	if s.Reverse != nil {
		list = *s.Reverse
	}
	m := make(map[int]bool, len(list))
	for _, i := range list {
		m[i] = true
	}
	return m
}

// Range returns the possible range of a scale's score.
func (d *Definition) Range(s *Scale) (lo, hi float64) {
	if d.IsCOPM() || s.Aggregate == "mean" {
		return d.Min, d.Max
	}
	n := float64(len(s.Items))
	return n * d.Min, n * d.Max
}

// Label names the definition in messages: "SWLS (variant spanish-5)".
func (d *Definition) Label() string {
	if d.Variant == "" {
		return d.Code
	}
	return fmt.Sprintf("%s (variant %s)", d.Code, d.Variant)
}

// ItemList is a list of item numbers written with ranges: [1-5, 9, 12-14].
type ItemList []int

// UnmarshalYAML reads numbers and "a-b" ranges.
func (l *ItemList) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.SequenceNode {
		return fmt.Errorf("line %d: expected a list of item numbers such as [1-5, 9]", n.Line)
	}
	out := ItemList{}
	for _, e := range n.Content {
		s := strings.TrimSpace(e.Value)
		if e.Kind != yaml.ScalarNode {
			return fmt.Errorf("line %d: expected an item number or a range a-b", e.Line)
		}
		if a, b, ok := strings.Cut(s, "-"); ok {
			lo, err1 := strconv.Atoi(strings.TrimSpace(a))
			hi, err2 := strconv.Atoi(strings.TrimSpace(b))
			if err1 != nil || err2 != nil || lo > hi || hi-lo > 10000 {
				return fmt.Errorf("line %d: %q is not a range of item numbers a-b with a <= b", e.Line, s)
			}
			for i := lo; i <= hi; i++ {
				out = append(out, i)
			}
			continue
		}
		v, err := strconv.Atoi(s)
		if err != nil {
			return fmt.Errorf("line %d: %q is not an item number", e.Line, s)
		}
		out = append(out, v)
	}
	*l = out
	return nil
}

// MarshalYAML writes the list compactly with ranges.
func (l ItemList) MarshalYAML() (any, error) { return l.Compact(), nil }

// Compact returns the list as "1-5, 9" parts.
func (l ItemList) Compact() []string {
	var out []string
	for i := 0; i < len(l); {
		j := i
		for j+1 < len(l) && l[j+1] == l[j]+1 {
			j++
		}
		if j-i >= 2 {
			out = append(out, fmt.Sprintf("%d-%d", l[i], l[j]))
		} else {
			for k := i; k <= j; k++ {
				out = append(out, strconv.Itoa(l[k]))
			}
		}
		i = j + 1
	}
	return out
}

// String is the compact form joined by commas.
func (l ItemList) String() string { return strings.Join(l.Compact(), ", ") }

// ParseDefinitions reads one or more definitions from YAML (documents
// separated by ---, or a list) or JSON. Unknown keys are errors, so a typo
// in a user's file is caught. Each definition is validated.
func ParseDefinitions(data []byte, source string) ([]*Definition, error) {
	if len(data) > 4<<20 {
		return nil, fmt.Errorf("%s: definition file larger than 4 MiB", source)
	}
	// Two decoders over the same bytes: the first finds each document's
	// shape, the second decodes it with unknown keys rejected, so that line
	// numbers in errors are the lines of the user's file.
	shapes := yaml.NewDecoder(bytes.NewReader(data))
	strict := yaml.NewDecoder(bytes.NewReader(data))
	strict.KnownFields(true)
	var defs []*Definition
	for {
		var node yaml.Node
		err := shapes.Decode(&node)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %v", source, cleanYAMLError(err))
		}
		var batch []*Definition
		switch {
		case len(node.Content) == 0:
			var skip yaml.Node
			_ = strict.Decode(&skip)
			continue
		case node.Content[0].Kind == yaml.SequenceNode:
			if err := strict.Decode(&batch); err != nil {
				return nil, fmt.Errorf("%s: %v", source, cleanYAMLError(err))
			}
		case node.Content[0].Kind == yaml.MappingNode:
			var d Definition
			if err := strict.Decode(&d); err != nil {
				return nil, fmt.Errorf("%s: %v", source, cleanYAMLError(err))
			}
			batch = append(batch, &d)
		default:
			return nil, fmt.Errorf("%s: line %d: expected an instrument definition (a mapping with code, items, min, max, scales)", source, node.Content[0].Line)
		}
		for _, d := range batch {
			if d == nil {
				return nil, fmt.Errorf("%s: an empty definition", source)
			}
			d.Source = source
			normalise(d)
			if err := d.Validate(); err != nil {
				return nil, fmt.Errorf("%s: %v", source, err)
			}
			defs = append(defs, d)
		}
	}
	if len(defs) == 0 {
		return nil, fmt.Errorf("%s: no instrument definitions", source)
	}
	return defs, nil
}

// yamlTypes are the Go types of this package and Go's basic types, as
// YAML's messages name them; yamlTypeNames says what each is in the
// schema's words.
var (
	yamlTypes = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(\[\]\*?)?instruments\.\w+|\*?\bbool\b|\bfloat64\b|\bint\b|\[\]string`)
	})
	yamlTypeNames = map[string]string{
		"instruments.Definition":    "an instrument definition (a mapping with code, items, min, max, scales)",
		"instruments.Scale":         "a scale (a mapping with code, name, items, aggregate, better)",
		"instruments.ItemList":      "an item list such as [1-5, 8]",
		"[]*instruments.Definition": "a list of instrument definitions",
		"[]instruments.Scale":       "a list of scales",
		"instruments.Reliability":   "a reliability (a mapping with value, kind, source)",
		"instruments.Norms":         "norms (a mapping with functional and dysfunctional)",
		"instruments.Norm":          "a norm (a mapping with mean, sd, n, source)",
		"bool":                      "true or false",
		"*bool":                     "true or false",
		"float64":                   "a number",
		"int":                       "a whole number",
		"[]string":                  "a list of strings",
	}
)

// yamlUnmarshal is one line of YAML's type errors: "line 3: cannot
// unmarshal !!str `abc` into int".
var yamlUnmarshal = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile("cannot unmarshal !!(\\w+)(?: `([^`]*)`)? into (.+)$")
})

// cleanYAMLError says YAML's messages in the schema's words: no Go types,
// no YAML tags, one line.
func cleanYAMLError(err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	msg = strings.TrimPrefix(msg, "unmarshal errors:\n")
	lines := strings.Split(msg, "\n")
	for i, l := range lines {
		l = strings.TrimSpace(l)
		l = strings.ReplaceAll(l, "field ", "key ")
		l = strings.ReplaceAll(l, " in type ", " in ")
		if m := yamlUnmarshal().FindStringSubmatchIndex(l); m != nil {
			tag, into := l[m[2]:m[3]], l[m[6]:m[7]]
			found := "a value"
			if m[4] >= 0 {
				found = strconv.Quote(l[m[4]:m[5]])
			}
			switch tag {
			case "map":
				found = "a mapping"
			case "seq":
				found = "a list"
			case "null":
				found = "nothing"
			}
			l = l[:m[0]] + "expected " + into + ", found " + found
		}
		lines[i] = yamlTypes().ReplaceAllStringFunc(l, func(t string) string {
			if n, ok := yamlTypeNames[t]; ok {
				return n
			}
			return t
		})
	}
	return errors.New(strings.Join(lines, "; "))
}

func normalise(d *Definition) {
	d.Code = strings.ToUpper(strings.TrimSpace(d.Code))
	for i, a := range d.Aliases {
		d.Aliases[i] = strings.ToUpper(strings.TrimSpace(a))
	}
	for i, n := range d.ItemNames {
		d.ItemNames[i] = strings.ToUpper(strings.TrimSpace(n))
	}
	if d.Kind == "" {
		d.Kind = "items"
	}
	for i := range d.Scales {
		s := &d.Scales[i]
		s.Code = strings.ToUpper(strings.TrimSpace(s.Code))
		if s.Aggregate == "" {
			s.Aggregate = "sum"
		}
		if s.Better == "" {
			s.Better = "higher"
		}
	}
}

// The patterns are compiled on first use (sync.OnceValue), not at start-up:
// a run with only the built-in definitions never needs them.
var codeRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Z][A-Z0-9-]{0,31}$`) })

// aliasRE allows underscores too: SPSS variable names cannot hold a hyphen,
// so RAS-R is written RAS_R there.
var aliasRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Z][A-Z0-9_-]{0,31}$`) })

// itemNameRE: an item name starts with a letter (a name of digits would
// read as an item number) and holds letters and digits.
var itemNameRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Z][A-Z0-9]{0,15}$`) })
var scaleRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Z][A-Z0-9]{0,31}$`) })

// Validate checks a definition: codes usable in column names, a response
// range that is whole and inside what pssa stores (−127..127), unique items
// in each scale, items and reverse keys inside the instrument, every item in
// some scale.
//
// Long because it is a list of independent checks, each a few lines, in
// the order the schema is documented.
func (d *Definition) Validate() error {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("instrument %q: %s", d.Code, fmt.Sprintf(format, args...))
	}
	if !codeRE().MatchString(d.Code) {
		return fail("code must be a letter followed by letters, digits or hyphens (no underscore), at most 32 characters")
	}
	for _, a := range d.Aliases {
		if !aliasRE().MatchString(a) {
			return fail("alias %q must be a letter followed by letters, digits, hyphens or underscores", a)
		}
	}
	if d.Kind != "items" && d.Kind != "copm" {
		return fail("kind %q is not items or copm", d.Kind)
	}
	if d.Name == "" || d.Citation == "" {
		return fail("name and citation are required (cite the published source of the key)")
	}
	if !(d.Min < d.Max) || d.Min != math.Trunc(d.Min) || d.Max != math.Trunc(d.Max) || d.Min < -127 || d.Max > 127 {
		return fail("min %g and max %g must be whole numbers with min < max, within -127..127", d.Min, d.Max)
	}
	if f := d.MissingFraction(); !(f >= 0 && f < 1) {
		return fail("max_missing_fraction %g must be in [0, 1)", f)
	}
	if len(d.Scales) == 0 {
		return fail("no scales")
	}
	if d.IsCOPM() {
		if d.Items != 0 {
			return fail("a COPM-kind instrument has problems, not items")
		}
		for _, s := range d.Scales {
			if s.Code != "PERF" && s.Code != "SAT" {
				return fail("a COPM-kind instrument has the scales PERF and SAT, not %q", s.Code)
			}
		}
	} else if d.Items < 1 || d.Items > 1000 {
		return fail("items %d must be between 1 and 1000", d.Items)
	}
	if len(d.ItemNames) > 0 {
		if len(d.ItemNames) != d.Items {
			return fail("item_names lists %d names for %d items", len(d.ItemNames), d.Items)
		}
		names := map[string]bool{}
		for _, n := range d.ItemNames {
			if !itemNameRE().MatchString(n) {
				return fail("item name %q must be a letter followed by letters or digits, at most 16 characters", n)
			}
			if names[n] {
				return fail("item name %s is given twice", n)
			}
			names[n] = true
		}
		for _, s := range d.Scales {
			if names[s.Code] {
				return fail("item name %s is also a scale code", s.Code)
			}
		}
	}
	for _, r := range d.Reverse {
		if r < 1 || r > d.Items {
			return fail("reverse-keyed item %d is outside 1..%d", r, d.Items)
		}
	}
	covered := make([]bool, d.Items+1)
	seen := map[string]bool{}
	for _, s := range d.Scales {
		if !scaleRE().MatchString(s.Code) {
			return fail("scale code %q must be a letter followed by letters or digits", s.Code)
		}
		if seen[s.Code] {
			return fail("scale %s is defined twice", s.Code)
		}
		seen[s.Code] = true
		if s.Aggregate != "sum" && s.Aggregate != "mean" {
			return fail("scale %s: aggregate %q is not sum or mean", s.Code, s.Aggregate)
		}
		if s.Better != "higher" && s.Better != "lower" && s.Better != "none" {
			return fail("scale %s: better %q is not higher, lower or none", s.Code, s.Better)
		}
		if err := validateClinical(&s); err != nil {
			return fail("%v", err)
		}
		if d.IsCOPM() {
			continue
		}
		if len(s.Items) == 0 {
			return fail("scale %s has no items", s.Code)
		}
		in := map[int]bool{}
		for _, i := range s.Items {
			if i < 1 || i > d.Items {
				return fail("scale %s: item %d is outside 1..%d", s.Code, i, d.Items)
			}
			if in[i] {
				return fail("scale %s lists item %d twice", s.Code, i)
			}
			in[i] = true
			covered[i] = true
		}
		if s.Reverse != nil {
			for _, r := range *s.Reverse {
				if !in[r] {
					return fail("scale %s: reverse-keyed item %d is not one of its items", s.Code, r)
				}
			}
		}
	}
	var unused []int
	for i := 1; i <= d.Items; i++ {
		if !covered[i] {
			unused = append(unused, i)
		}
	}
	if len(unused) > 0 {
		return fail("items %s belong to no scale", ItemList(unused))
	}
	return nil
}
