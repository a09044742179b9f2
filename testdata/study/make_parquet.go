//go:build ignore

// make_parquet writes study.parquet from wide.csv (the study's sixth form,
// for pssa's Parquet reader): the group as text, the age and the items as
// optional 32-bit integers (empty cells as nulls, 99 kept as the code).
// Run from the repository root: go run testdata/study/make_parquet.go
package main

import (
	"encoding/csv"
	"log"
	"os"
	"strconv"

	"github.com/parquet-go/parquet-go"
)

func main() {
	in, err := os.Open("testdata/study/wide.csv")
	if err != nil {
		log.Fatal(err)
	}
	recs, err := csv.NewReader(in).ReadAll()
	if err != nil {
		log.Fatal(err)
	}
	group := parquet.Group{}
	for i, name := range recs[0] {
		if i < 2 {
			group[name] = parquet.String()
		} else {
			group[name] = parquet.Optional(parquet.Int(32))
		}
	}
	schema := parquet.NewSchema("study", group)
	out, err := os.Create("testdata/study/study.parquet")
	if err != nil {
		log.Fatal(err)
	}
	w := parquet.NewWriter(out, schema)
	for _, rec := range recs[1:] {
		row := map[string]any{}
		for i, name := range recs[0] {
			switch {
			case i < 2:
				row[name] = rec[i]
			case rec[i] == "":
				row[name] = nil
			default:
				n, err := strconv.Atoi(rec[i])
				if err != nil {
					log.Fatal(err)
				}
				row[name] = int32(n)
			}
		}
		if err := w.Write(row); err != nil {
			log.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		log.Fatal(err)
	}
	if err := out.Close(); err != nil {
		log.Fatal(err)
	}
}
