package results

import (
	"os"
	"testing"
)

// docs/json.md is generated from the row types; this keeps it current.
func TestJSONDocs(t *testing.T) {
	const path = "../../docs/json.md"
	want := SchemaMarkdown()
	if os.Getenv("PSSA_UPDATE_DOCS") != "" {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("docs/json.md is out of step with internal/results: run PSSA_UPDATE_DOCS=1 go test ./internal/results")
	}
}
