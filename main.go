// Command pssa analyses pre/post questionnaire studies in mental-health
// services research: it scores the instruments of a wide CSV and runs the
// paired, omnibus and between-group tests of the study design.
package main

import (
	"os"

	"github.com/pssa-project/pssa/cmd"
)

func main() { os.Exit(cmd.Main()) }
