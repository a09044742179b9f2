package dataset

import (
	"fmt"
	"testing"
)

// BenchmarkCheckDuplicateIDs: 10^6 ids, sorted within three groups, as in
// a registry sorted by group.
func BenchmarkCheckDuplicateIDs(b *testing.B) {
	d := &Dataset{maxProblems: 100}
	for _, g := range []string{"PSW", "SU", "MHP"} {
		for i := range 333333 {
			d.ids.Append([]byte(fmt.Sprintf("SYN-%s-%06d", g, i)))
		}
	}
	b.ResetTimer()
	for b.Loop() {
		d.checkDuplicateIDs("id")
	}
}
