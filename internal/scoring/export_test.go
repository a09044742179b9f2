package scoring

// SetCompact switches the compact forms of computed scores (compact.go) on
// or off, for tests that compare them with the float64 form; it returns the
// previous setting.
func SetCompact(on bool) bool {
	was := compactScores
	compactScores = on
	return was
}

// SetRowsPerKey sets rowsPerKey (0: the keys form whatever the file's
// size) and returns the previous setting.
func SetRowsPerKey(n int) int {
	was := rowsPerKey
	rowsPerKey = n
	return was
}

// Form names the form a computed score is held in: values, keys or nib.
func (s *Score) Form() string {
	switch {
	case s.keys != nil:
		return "keys"
	case s.nib != nil:
		return "nib"
	}
	return "values"
}
