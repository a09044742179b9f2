package report

import (
	"errors"
	"io"

	"go.yaml.in/yaml/v3"
)

// renderYAML writes an instrument definition in the schema that
// --instruments reads, so 'pssa instruments show CODE --format yaml' is a
// starting point for a user's own definition.
func renderYAML(w io.Writer, doc *Document) error {
	if doc.YAML == nil {
		return errors.New("--format yaml is for instrument definitions ('pssa instruments show CODE --format yaml'); use json for results")
	}
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(doc.YAML); err != nil {
		return err
	}
	return enc.Close()
}
