package cmd

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/pssa-project/pssa/stats"
)

// enumValue is a string flag that takes one of a fixed set of values,
// checked when the flag is parsed (a bad value is a usage error, exit 2),
// listed in help as {a|b|c} and offered by shell completion. Aliases are
// accepted and stored as the value they stand for.
type enumValue struct {
	target  *string
	allowed []string
	aliases map[string]string
}

func (e *enumValue) String() string { return *e.target }
func (e *enumValue) Type() string   { return "{" + strings.Join(e.allowed, "|") + "}" }

func (e *enumValue) Set(s string) error {
	s = strings.TrimSpace(s)
	if a, ok := e.aliases[s]; ok {
		s = a
	}
	if !slices.Contains(e.allowed, s) {
		shown := make([]string, len(e.allowed))
		for i, a := range e.allowed {
			shown[i] = a
			if strings.Trim(a, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
				shown[i] = strconv.Quote(a) // punctuation such as --delimiter's , and ;
			}
		}
		return fmt.Errorf("%q is not one of %s", s, strings.Join(shown, ", "))
	}
	*e.target = s
	return nil
}

// enumFlag defines an enum flag on fs (a command's local or persistent
// flags) and registers its completion on c.
func enumFlag(c *cobra.Command, fs *pflag.FlagSet, p *string, name, short, def string, allowed []string, aliases map[string]string, usage string) {
	*p = def
	fs.VarP(&enumValue{target: p, allowed: allowed, aliases: aliases}, name, short, usage)
	_ = c.RegisterFlagCompletionFunc(name, func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return allowed, cobra.ShellCompDirectiveNoFileComp
	})
}

// Values of the enum flags shared by several commands.
var (
	methodValues      = []string{"auto", "exact", "asymptotic"}
	methodAliases     = map[string]string{"normal": "asymptotic"}
	alternativeValues = []string{"two-sided", "less", "greater"}
	adjustValues      = []string{"none", "holm", "bh"}
	adjustAliases     = map[string]string{"BH": "bh", "fdr": "bh"}
)

// exactArgs is cobra.ExactArgs with a usage error (exit 2) that says what
// the command takes.
func exactArgs(n int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			if n == 0 {
				return usagef("%s takes no arguments (got %s)", cmd.CommandPath(), strings.Join(args, " "))
			}
			return usagef("%s takes %s (got %d argument%s)", cmd.CommandPath(), what, len(args), map[bool]string{true: "", false: "s"}[len(args) == 1])
		}
		return nil
	}
}

// digitsRankValue is --digits-rank N|inf, the rank tests' tie rule
// (stats.RankOptions.DigitsRank), checked when the flag is parsed.
type digitsRankValue struct{ target *int }

func (d digitsRankValue) String() string { return stats.FormatDigitsRank(*d.target) }
func (d digitsRankValue) Type() string   { return "N|inf" }

func (d digitsRankValue) Set(s string) error {
	v, err := stats.ParseDigitsRank(strings.TrimSpace(s))
	if err != nil {
		return err
	}
	*d.target = v
	return nil
}

// digitsRankFlag defines --digits-rank on c.
func digitsRankFlag(c *cobra.Command, p *int) {
	*p = stats.DefaultDigitsRank
	c.Flags().Var(digitsRankValue{p}, "digits-rank",
		"significant digits values (and paired differences) are rounded to before ranking, as R's digits.rank; inf ranks them as they are")
	_ = c.RegisterFlagCompletionFunc("digits-rank", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"12", "inf"}, cobra.ShellCompDirectiveNoFileComp
	})
}
