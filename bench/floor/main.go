// Command floor is a yardstick that bench/run.sh sets beside pssa: a
// minimal Go program that reads a CSV file and splits it into records and
// fields with encoding/csv on one core (reusing the record; no parsing of
// values, no analysis). It was the floor pssa could not beat while pssa
// read on one core; pssa's own reader now splits and parses blocks on
// every core and passes it.
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
