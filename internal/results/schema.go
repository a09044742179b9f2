package results

import (
	"fmt"
	"reflect"
	"strings"
)

// Documented lists every row type a user can see in JSON, with the
// command and key that hold it, for docs/json.md. A new row type is added
// here too; TestJSONDocs keeps docs/json.md in step.
func Documented() []DocEntry {
	a := &Analysis{}
	var out []DocEntry
	out = append(out, DocEntry{"analyze, describe", "input", Input{}}, DocEntry{"analyze", "options", Options{}})
	for _, s := range a.Sections() {
		out = append(out, DocEntry{"analyze", s.Key + "[]", reflect.New(RowType(s.Rows).Elem()).Interface()})
	}
	out = append(out,
		DocEntry{"test wilcoxon", "(object)", SignedRankTest{}},
		DocEntry{"test mannwhitney", "(object)", MannWhitneyTest{}},
		DocEntry{"test paired-t", "(object)", PairedTTest{}},
		DocEntry{"test welch, test student", "(object)", IndependentTTest{}},
		DocEntry{"test rmanova", "(object)", RMANOVATest{}},
		DocEntry{"test friedman", "(object)", FriedmanTest{}},
		DocEntry{"test mixed", "(object)", MixedANOVATest{}},
		DocEntry{"test mixed", "effects[]", MixedANOVAEffect{}},
		DocEntry{"change", "(array)", Change{}},
		DocEntry{"change --per-participant", "(array)", ChangeParticipant{}},
		DocEntry{"analyze, change", "options.change", ChangeOptions{}},
		DocEntry{"test lmm", "(object)", LMMTest{}},
		DocEntry{"test lmm", "effects[]", LMMEffect{}},
		DocEntry{"test lmm", "emmeans[]", LMMEMM{}},
		DocEntry{"test lmm", "changes[]", LMMChange{}},
		DocEntry{"test lmm", "interaction_contrasts[]", LMMInteraction{}},
	)
	return out
}

// DocEntry is one documented JSON object.
type DocEntry struct {
	Command string
	Key     string
	Row     any
}

// SchemaMarkdown renders the JSON schema of the documented row types.
func SchemaMarkdown() string {
	var b strings.Builder
	b.WriteString("# pssa's JSON output\n\n")
	b.WriteString("Generated from the structs in `internal/results` (`PSSA_UPDATE_DOCS=1 go test ./internal/results`\n")
	b.WriteString("rewrites it; a test fails when it is out of step). Numbers are full precision; `null` is a number\n")
	b.WriteString("that could not be computed (the row's `note` says why). Keys marked *id* identify a row\n")
	b.WriteString("(`pssa check` matches rows by them). Keys may be added; none is renamed without a major version.\n\n")
	b.WriteString("`pssa analyze --format json` writes one object: `input`, `options`, one array per section, `warnings`\n")
	b.WriteString("(an array of strings). `pssa describe --format json` writes `input` and `descriptives`.\n")
	for _, e := range Documented() {
		fmt.Fprintf(&b, "\n## %s: `%s`\n\n| key | type | |\n|---|---|---|\n", e.Command, e.Key)
		for _, f := range Fields(reflect.TypeOf(e.Row)) {
			ft := reflect.TypeOf(e.Row)
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			sf := ft.FieldByIndex(f.Index)
			var notes []string
			if f.Key {
				notes = append(notes, "id")
			}
			if f.OmitEmpty {
				notes = append(notes, "optional")
			}
			if !f.Tidy {
				notes = append(notes, "not in tidy csv")
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s |\n", f.Name, jsonType(sf.Type), strings.Join(notes, ", "))
		}
	}
	return b.String()
}

func jsonType(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Pointer:
		return jsonType(t.Elem())
	case reflect.Float64, reflect.Float32:
		return "number or null"
	case reflect.Int, reflect.Int64, reflect.Int32:
		return "integer"
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Slice:
		return "array of " + jsonType(t.Elem())
	case reflect.Struct:
		return "object"
	}
	return t.Kind().String()
}
