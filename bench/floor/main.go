// Command floor is the floor that bench/run.sh compares pssa with: a
// minimal Go program that reads a CSV file and splits it into records and
// fields with encoding/csv (reusing the record; no parsing of values, no
// analysis). pssa cannot do its job faster than this.
//
//	go run ./bench/floor registry.csv
package main

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: floor FILE")
		os.Exit(2)
	}
	f, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReaderSize(f, 1<<20))
	r.ReuseRecord = true
	r.FieldsPerRecord = -1
	records, fields := 0, 0
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		records++
		fields += len(rec)
	}
	fmt.Println(records, fields)
}
