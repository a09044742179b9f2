package cmd

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// describeTree writes what a user can see of a command and its
// subcommands: usage and help text, and every flag (local, persistent and
// inherited) with its shorthand, type, default and usage.
func describeTree(b *strings.Builder, c *cobra.Command) {
	var out bytes.Buffer
	c.SetOut(&out)
	c.SetErr(&out)
	_ = c.Help()
	fmt.Fprintf(b, "== %s\n%s\n%s\n", c.CommandPath(), c.UsageString(), out.String())
	for _, fs := range []*pflag.FlagSet{c.LocalFlags(), c.InheritedFlags(), c.PersistentFlags()} {
		fs.VisitAll(func(f *pflag.Flag) {
			fmt.Fprintf(b, "flag %s -%s %s %q %q hidden=%v ann=%v\n", f.Name, f.Shorthand, f.Value.Type(), f.DefValue, f.Usage, f.Hidden, f.Annotations)
		})
	}
	for _, s := range c.Commands() {
		describeTree(b, s)
	}
}

// A tree built for one command (what run does when the first argument
// names one) shows that command exactly as the whole tree does: help,
// usage, flags and their defaults, its subcommands'.
func TestOneCommandAsWholeTree(t *testing.T) {
	for _, sc := range subcommands {
		whole := newRootCmd(&globalOptions{}, "")
		one := newRootCmd(&globalOptions{}, sc.name)
		if got := len(one.Commands()); got != 1 {
			t.Fatalf("%s: the one-command tree has %d commands", sc.name, got)
		}
		w, _, err1 := whole.Find([]string{sc.name})
		o, _, err2 := one.Find([]string{sc.name})
		if err1 != nil || err2 != nil {
			t.Fatalf("%s: %v, %v", sc.name, err1, err2)
		}
		var a, b strings.Builder
		describeTree(&a, w)
		describeTree(&b, o)
		if a.String() != b.String() {
			t.Errorf("%s: the command differs when built alone:\n%s\n---- whole tree:\n%s", sc.name, b.String(), a.String())
		}
		if commandNamed([]string{sc.name, "x"}) != sc.name {
			t.Errorf("commandNamed does not know %s", sc.name)
		}
	}
	for _, args := range [][]string{nil, {"help", "analyze"}, {"--format", "json", "analyze"}, {"completion", "bash"}, {"__complete", "analyze", ""}, {"analyz"}} {
		if c := commandNamed(args); c != "" {
			t.Errorf("commandNamed(%q) = %q, want the whole tree", args, c)
		}
	}
}
