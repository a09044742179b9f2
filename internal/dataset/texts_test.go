package dataset

import (
	"fmt"
	"testing"
)

// TestTextsWrap stores values past several multiples of 2^wrapBits (made
// 6 here: 64 bytes) and reads them all back.
func TestTextsWrap(t *testing.T) {
	defer func(b int) { wrapBits = b }(wrapBits)
	for _, bits := range []int{32, 6, 3} {
		wrapBits = bits
		var x Texts
		var want []string
		for i := 0; i < 300; i++ {
			v := fmt.Sprintf("v%d", i*i%997)
			if i%17 == 0 {
				v = "" // empty values, at a wrap too
			}
			if i%50 == 0 {
				v = fmt.Sprintf("%070d", i) // longer than 2^6
			}
			want = append(want, v)
			x.Append([]byte(v))
		}
		if bits < 32 && len(x.wraps) == 0 {
			t.Fatalf("%d bits: no wrap", bits)
		}
		for i, w := range want {
			if got := x.At(i); got != w {
				t.Fatalf("%d bits: value %d = %q, want %q", bits, i, got, w)
			}
		}
		x.reset()
		if x.Len() != 0 || len(x.wraps) != 0 {
			t.Fatalf("reset left %d values", x.Len())
		}
	}
}
