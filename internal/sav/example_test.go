package sav_test

import (
	"fmt"
	"os"

	"github.com/pssa-project/pssa/internal/sav"
)

func ExampleRead() {
	fh, err := os.Open("../../testdata/sav/study.sav")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer fh.Close()
	f, err := sav.Read(fh)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(f.Cases, "cases,", f.Compression, "compression,", f.Encoding)
	for _, v := range f.Variables[1:5] {
		user, system := v.CountMissing()
		fmt.Printf("%s %q missing %s: %d user, %d system\n", v.Name, v.Label, v.Missing.String(), user, system)
	}
	fmt.Println(f.Location(3, 4))
	// Output:
	// 6 cases, bytecode compression, UTF-8
	// grupo "Grupo de estudio" missing : 0 user, 1 system
	// SSQ_1_pre "SSQ item 1 (pre)" missing 999: 1 user, 1 system
	// SSQ_1_post "" missing 999: 1 user, 0 system
	// RAS_R_12_T1 "RAS-R item 12, T1" missing 90 THRU 99; -9: 3 user, 0 system
	// case 2, variable RAS_R_12_T1
}
