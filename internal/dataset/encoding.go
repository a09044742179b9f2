package dataset

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/ianaindex"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// LookupEncoding resolves an --encoding name: utf-8, utf-16 (with a byte
// order mark), utf-16le, utf-16be, windows-1252 (cp1252), latin1
// (iso-8859-1), or any IANA name golang.org/x/text knows. It returns the
// canonical name, and a nil decoder for UTF-8.
func LookupEncoding(name string) (string, encoding.Encoding, error) {
	switch strings.ToLower(strings.ReplaceAll(strings.TrimSpace(name), "_", "-")) {
	case "", "utf-8", "utf8":
		return "UTF-8", nil, nil
	case "utf-16", "utf16":
		return "UTF-16", unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), nil
	case "utf-16le", "utf16le":
		return "UTF-16LE", unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), nil
	case "utf-16be", "utf16be":
		return "UTF-16BE", unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), nil
	case "windows-1252", "cp1252", "win1252", "ansi":
		return "Windows-1252", charmap.Windows1252, nil
	case "latin1", "latin-1", "iso-8859-1", "iso8859-1", "l1":
		return "ISO-8859-1 (Latin-1)", charmap.ISO8859_1, nil
	case "latin9", "latin-9", "iso-8859-15", "iso8859-15":
		return "ISO-8859-15", charmap.ISO8859_15, nil
	case "macroman", "mac-roman", "macintosh":
		return "Macintosh (Mac Roman)", charmap.Macintosh, nil
	}
	e, err := ianaindex.IANA.Encoding(name)
	if err != nil || e == nil {
		return "", nil, fmt.Errorf("--encoding %q is not an encoding pssa knows (e.g. utf-8, windows-1252, latin1, utf-16)", name)
	}
	canon, _ := ianaindex.IANA.Name(e)
	if canon == "UTF-8" {
		return canon, nil, nil
	}
	return canon, e, nil
}

// detectEncoding looks at the start of an input (head) and returns the
// decoder that turns it into UTF-8 and the encoding's name, or a nil decoder
// when it is UTF-8 already (or binary: the caller says so). Given is the
// user's --encoding; otherwise a UTF-16 byte order mark means UTF-16, and
// bytes that are not valid UTF-8 mean Windows-1252, the encoding of Excel's
// "CSV" on Western-European Windows (a superset of Latin-1's printable
// characters).
func detectEncoding(head []byte, given string, cut bool) (transform.Transformer, string, error) {
	if given != "" {
		name, e, err := LookupEncoding(given)
		if err != nil || e == nil {
			return nil, name, err
		}
		if name == "UTF-16" && !bytes.HasPrefix(head, []byte{0xFF, 0xFE}) && !bytes.HasPrefix(head, []byte{0xFE, 0xFF}) {
			return nil, name, fmt.Errorf("--encoding utf-16: the file has no byte order mark; say utf-16le or utf-16be")
		}
		if name == "UTF-16" {
			return unicode.BOMOverride(e.NewDecoder()), name, nil
		}
		return e.NewDecoder(), name, nil
	}
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder(), "UTF-16LE", nil
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder(), "UTF-16BE", nil
	case bytes.IndexByte(head, 0) >= 0:
		return nil, "", nil // binary, or UTF-16 without a mark: refused later
	}
	if utf8.Valid(trimPartialRune(head, cut)) {
		return nil, "", nil
	}
	return charmap.Windows1252.NewDecoder(), "Windows-1252", nil
}

// binaryMessage says what a file with NUL bytes probably is.
func binaryMessage(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return "the file is a zip archive (an .xlsx or .ods?), not a CSV; name an Excel workbook with the extension .xlsx"
	case bytes.HasPrefix(head, []byte("$FL2")), bytes.HasPrefix(head, []byte("$FL3")):
		return "the file is an SPSS system file, not a CSV; name it with the extension .sav"
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return "the file is an old Excel workbook (.xls) or an encrypted .xlsx, not a CSV; save it as .xlsx or CSV UTF-8"
	}
	return "the file holds NUL bytes: it is binary or UTF-16 without a byte order mark, not a UTF-8 CSV (say --encoding utf-16le if it is UTF-16)"
}
