package cmd

import (
	"errors"

	"github.com/spf13/cobra"
)

// TEMPORARY: replaced by analyze.go and describe.go (issue 4).
func newAnalyzeCmd(g *globalOptions) *cobra.Command {
	return &cobra.Command{Use: "analyze FILE", RunE: func(*cobra.Command, []string) error { return errors.New("not implemented") }}
}
func newDescribeCmd(g *globalOptions) *cobra.Command {
	return &cobra.Command{Use: "describe FILE", RunE: func(*cobra.Command, []string) error { return errors.New("not implemented") }}
}
func newTestCmd(g *globalOptions) *cobra.Command {
	return &cobra.Command{Use: "test KIND FILE", RunE: func(*cobra.Command, []string) error { return errors.New("not implemented") }}
}
