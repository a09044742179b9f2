//go:build !linux

package cmd

import "os"

// replaceFile moves tmp to dest (see replace_linux.go).
func replaceFile(tmp, dest string) error { return os.Rename(tmp, dest) }
