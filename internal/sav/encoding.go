package sav

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/ianaindex"
)

// codepageName maps the character code of the machine integer info record
// (extension subtype 3) to an encoding name, for files without a character
// encoding record (subtype 20). The codes are Windows code page numbers,
// except 1 (EBCDIC), 2 and 3 (7- and 8-bit ASCII) and 4 (DEC Kanji); see
// "Machine Integer Info Record" in the PSPP guide.
func codepageName(code int32) string {
	switch {
	case code == 2 || code == 3 || code == 20127:
		// ASCII: read as its usual 8-bit superset so stray high bytes
		// still come out as characters.
		return "windows-1252"
	case code == 65001:
		return "UTF-8"
	case code >= 1250 && code <= 1258, code == 874:
		return fmt.Sprintf("windows-%d", code)
	case code >= 28591 && code <= 28606:
		return fmt.Sprintf("ISO-8859-%d", code-28590)
	case code == 932:
		return "Shift_JIS"
	case code == 936:
		return "GBK"
	case code == 949:
		return "EUC-KR"
	case code == 950:
		return "Big5"
	case code == 20866:
		return "KOI8-R"
	case code == 21866:
		return "KOI8-U"
	}
	return ""
}

// textDecoder turns the file's bytes into UTF-8 strings.
type textDecoder struct {
	utf8 bool
	dec  *encoding.Decoder
	// table holds the 256 characters of a single-byte encoding, so that
	// the common Windows and ISO code pages decode without the
	// transformer machinery.
	table *[256]rune
}

// newTextDecoder returns the decoder for an encoding name from the file, or
// false if the name is not one x/text knows.
func newTextDecoder(name string) (*textDecoder, bool) {
	n := strings.ToLower(strings.TrimSpace(name))
	if n == "utf-8" || n == "utf8" {
		return &textDecoder{utf8: true}, true
	}
	enc, err := htmlindex.Get(n)
	if err != nil {
		enc, err = ianaindex.IANA.Encoding(name)
		if err != nil || enc == nil {
			return nil, false
		}
	}
	if e, _ := htmlindex.Name(enc); e == "utf-8" {
		return &textDecoder{utf8: true}, true
	}
	td := &textDecoder{dec: enc.NewDecoder()}
	td.table = singleByteTable(enc)
	return td, true
}

// singleByteTable returns the byte → rune table of enc if every byte
// decodes on its own to one character (a single-byte code page), else nil.
func singleByteTable(enc encoding.Encoding) *[256]rune {
	var t [256]rune
	dec := enc.NewDecoder()
	for i := 0; i < 256; i++ {
		out, err := dec.Bytes([]byte{byte(i)})
		if err != nil {
			return nil
		}
		r, size := utf8.DecodeRune(out)
		if size != len(out) || len(out) == 0 {
			return nil
		}
		t[i] = r
	}
	return &t
}

// String decodes b.
func (d *textDecoder) String(b []byte) string {
	if d.utf8 {
		return string(b)
	}
	ascii := true
	for _, c := range b {
		if c >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return string(b)
	}
	if d.table != nil {
		var sb strings.Builder
		sb.Grow(len(b) + 8)
		for _, c := range b {
			sb.WriteRune(d.table[c])
		}
		return sb.String()
	}
	out, err := d.dec.Bytes(b)
	if err != nil {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	return string(out)
}
