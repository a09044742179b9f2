package instruments_test

import (
	"strings"
	"testing"

	"github.com/pssa-project/pssa/instruments"
)

// Every built-in definition passes Validate (Builtin fails otherwise) and
// cites a source; the keys match docs/instruments.md.
func TestBuiltinDefinitions(t *testing.T) {
	reg := registry(t)
	want := map[string]struct {
		items    int
		min, max float64
		scales   string
	}{
		"SSQ":   {14, 1, 7, "TOTAL"},
		"SWLS":  {5, 1, 7, "TOTAL"},
		"EMAS":  {12, 1, 5, "TOTAL"},
		"RAS-R": {24, 1, 5, "TOTAL PCH WAH GSO RO NDS"},
		"COPM":  {0, 1, 10, "PERF SAT"},
		"CAMI":  {40, 1, 5, "TOTAL AU BE SR CMHI CONSTRUCT RAW"},
	}
	if got := strings.Join(reg.Codes(), " "); got != "SSQ SWLS EMAS RAS-R COPM CAMI" {
		t.Errorf("codes = %s", got)
	}
	for code, w := range want {
		d, ok := reg.Active(code)
		if !ok {
			t.Fatalf("no %s", code)
		}
		var sc []string
		for _, s := range d.Scales {
			sc = append(sc, s.Code)
		}
		if d.Items != w.items || d.Min != w.min || d.Max != w.max || strings.Join(sc, " ") != w.scales {
			t.Errorf("%s: items %d range %g-%g scales %v", code, d.Items, d.Min, d.Max, sc)
		}
		if d.Citation == "" || d.Status == "" {
			t.Errorf("%s: no citation or status", code)
		}
	}
	// RAS-R factor key (Corrigan et al. 2004, docs/instruments.md).
	ras, _ := reg.Active("RASR")
	for code, items := range map[string]string{"PCH": "7-14, 21", "WAH": "18-20", "GSO": "1-5", "RO": "6, 22-24", "NDS": "15-17"} {
		if got := ras.Scale(code).Items.String(); got != items {
			t.Errorf("RAS-R %s items = %s, want %s", code, got, items)
		}
	}
	// CAMI interleaved: each factor 10 items, 5 reversed (anti) in its own direction.
	cami, _ := reg.Active("CAMI")
	for _, code := range []string{"AU", "BE", "SR", "CMHI"} {
		s := cami.Scale(code)
		if len(s.Items) != 10 || len(*s.Reverse) != 5 {
			t.Errorf("CAMI %s: %d items, %d reversed", code, len(s.Items), len(*s.Reverse))
		}
	}
	if len(*cami.Scale("TOTAL").Reverse) != 20 {
		t.Errorf("CAMI TOTAL reverses %d items, want 20", len(*cami.Scale("TOTAL").Reverse))
	}
	if v := reg.Variants("SWLS"); len(v) != 2 || v[0].Max != 7 || v[1].Max != 5 {
		t.Errorf("SWLS variants %v", v)
	}
}

func TestDefinitionErrors(t *testing.T) {
	base := "code: X\nvariant: v\nname: X\ncitation: c\nstatus: provisional\nitems: 3\nmin: 1\nmax: 5\n"
	scale := func(s string) string { return base + "scales:\n  - " + s + "\n" }
	cases := []struct{ name, src, want string }{
		{"typo key", base + "scalez: []\n", "key scalez not found"},
		{"no scales", base, "no scales"},
		{"range", strings.Replace(scale("{code: T, name: t, items: [1-3]}"), "max: 5", "max: 1", 1), "min 1 and max 1 must be whole numbers with min < max"},
		{"item beyond", scale("{code: T, name: t, items: [1-4]}"), "scale T: item 4 is outside 1..3"},
		{"duplicate item", scale("{code: T, name: t, items: [1, 2, 3, 2]}"), "scale T lists item 2 twice"},
		{"reverse outside scale", scale("{code: T, name: t, items: [1-3], reverse: [4]}"), "reverse-keyed item 4 is not one of its items"},
		{"uncovered", scale("{code: T, name: t, items: [1, 2]}"), "items 3 belong to no scale"},
		{"bad aggregate", scale("{code: T, name: t, items: [1-3], aggregate: median}"), `aggregate "median" is not sum or mean`},
		{"bad code", strings.Replace(scale("{code: T, name: t, items: [1-3]}"), "code: X", "code: X_Y", 1), "code must be a letter"},
		{"bad range text", scale("{code: T, name: t, items: [3-1]}"), `"3-1" is not a range`},
		{"no citation", strings.Replace(scale("{code: T, name: t, items: [1-3]}"), "citation: c\n", "", 1), "name and citation are required"},
		{"not a mapping", "42\n", "expected an instrument definition"},
		{"empty", "", "no instrument definitions"},
		{"text for a number", strings.Replace(base, "items: 3", "items: abc", 1), `def.yaml: line 6: expected a whole number, found "abc"`},
		{"list for a number", strings.Replace(base, "min: 1", "min: [1]", 1), "line 7: expected a number, found a list"},
		{"two type errors", strings.Replace(base, "min: 1", "min: [1]", 1) + "scales: {a: 1}\n",
			"line 7: expected a number, found a list; line 9: expected a list of scales, found a mapping"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := instruments.ParseDefinitions([]byte(c.src), "def.yaml")
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "def.yaml: ") {
				t.Errorf("error = %v, want it to contain %q", err, c.want)
			}
			// YAML's and Go's vocabulary stays out of the message
			for _, leak := range []string{"unmarshal", "!!", "\n", "float64", "int`", "instruments."} {
				if err != nil && strings.Contains(err.Error(), leak) {
					t.Errorf("error %q mentions %q", err, leak)
				}
			}
		})
	}
}

func TestVariantErrors(t *testing.T) {
	reg := registry(t)
	if err := reg.SelectVariant("SWLS", "nope"); err == nil || !strings.Contains(err.Error(), "variants: original-7, spanish-5") {
		t.Errorf("got %v", err)
	}
	if err := reg.SelectVariant("XYZ", "a"); err == nil || !strings.Contains(err.Error(), "unknown instrument") {
		t.Errorf("got %v", err)
	}
}
