package dataset_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/pssa-project/pssa/internal/dataset"
)

type pqRow struct {
	ID    string   `parquet:"id"`
	Group string   `parquet:"group"`
	Item1 *int32   `parquet:"SWLS_1_T1,optional"`
	Total *float64 `parquet:"SWLS_TOTAL_T1,optional"`
	Note  string   `parquet:"note"`
}

func TestParquet(t *testing.T) {
	three, nine := int32(3), int32(9)
	total := 20.5
	rows := []pqRow{{"a", "X", &three, &total, "hello, \"world\""}, {"b", "Y", nil, nil, ""}, {"c", "Y", &nine, nil, ""}}
	var buf bytes.Buffer
	if err := parquet.Write(&buf, rows); err != nil {
		t.Fatal(err)
	}
	ds, err := dataset.LoadParquet(bytes.NewReader(buf.Bytes()), "r.parquet", dataset.Options{Schema: schema(t)})
	if err != nil {
		t.Fatal(err)
	}
	got := values(ds)
	if !strings.Contains(got, "a X: SWLS_1@T1=3 SWLS_TOTAL@T1=20.5 note=hello, \"world\"\nb Y: SWLS_1@T1=NA SWLS_TOTAL@T1=NA note=\n") {
		t.Errorf("values:\n%s", got)
	}
	if err := ds.Err(); err == nil || !strings.Contains(err.Error(), `r.parquet: row 3, column "SWLS_1_T1": value "9" is outside 1..7`) {
		t.Errorf("problems: %v", err)
	}
	if _, err := dataset.LoadParquet(strings.NewReader("id,group\n"), "r.parquet", dataset.Options{Schema: schema(t)}); err == nil || !strings.Contains(err.Error(), "not a readable Parquet file") {
		t.Errorf("not parquet: %v", err)
	}
}
