package sav

import "fmt"

// Error is what Read returns for a file that is not a readable system file:
// the byte offset where the problem was found and a sentence saying what was
// expected there.
type Error struct {
	Offset int64  // byte offset in the file (in the decompressed data for a .zsav's cases)
	Msg    string // the whole message, offset included
}

func (e *Error) Error() string { return e.Msg }

func errorf(off int, format string, args ...any) *Error {
	return &Error{Offset: int64(off), Msg: fmt.Sprintf(format, args...)}
}
