package report

import (
	"fmt"
	"io"
	"strings"
	"unicode"
)

// latexEscaper turns text into LaTeX that pdflatex compiles with the
// document's [utf8]{inputenc} and [T1]{fontenc} (LaTeX's defaults since
// 2018): LaTeX's special characters are escaped and every symbol pssa
// prints is written as a math-mode or text command. Accented Latin letters
// (í, ñ, ü) pass through, as the UTF-8 input encoding handles them.
var latexEscaper = strings.NewReplacer(`\`, `\textbackslash{}`, `&`, `\&`, `%`, `\%`, `$`, `\$`, `#`, `\#`,
	`_`, `\_`, `{`, `\{`, `}`, `\}`, `~`, `\textasciitilde{}`, `^`, `\textasciicircum{}`,
	"–", "--", "—", "---", "…", `\ldots{}`, "−", `$-$`, "×", `$\times$`, "·", `$\cdot$`, "±", `$\pm$`,
	"↑", `$\uparrow$`, "↓", `$\downarrow$`, "<", `$<$`, ">", `$>$`, "≥", `$\geq$`, "≤", `$\leq$`, "≠", `$\neq$`,
	"√", `$\surd$`, "†", `\textdagger{}`, "‡", `\textdaggerdbl{}`, "⚠", `(!)`,
	"²", `$^2$`, "₁", `$_1$`, "₂", `$_2$`, "₃", `$_3$`, "ᵢ", `$_i$`,
	"α", `$\alpha$`, "β", `$\beta$`, "Δ", `$\Delta$`, "δ", `$\delta$`, "ε", `$\varepsilon$`, "η", `$\eta$`,
	"κ", `$\kappa$`, "λ", `$\lambda$`, "μ", `$\mu$`, "ρ", `$\rho$`, "σ", `$\sigma$`, "τ", `$\tau$`,
	"χ", `$\chi$`, "ω", `$\omega$`, "“", "``", "”", "''", "‘", "`", "’", "'")

// LatexEscape escapes text for LaTeX. A character it has no command for and
// that is not a letter the input encoding knows becomes "?", so the
// document still compiles (TestLatexCompiles checks every table).
func LatexEscape(s string) string {
	s = latexEscaper.Replace(s)
	if isLatexSafe(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r < 128 || latexLetter(r) {
			return r
		}
		return '?'
	}, s)
}

func isLatexSafe(s string) bool {
	for _, r := range s {
		if r >= 128 && !latexLetter(r) {
			return false
		}
	}
	return true
}

// latexLetter: the Latin-1 and Latin Extended-A letters that pdflatex's
// utf8 input encoding and T1 fonts set.
func latexLetter(r rune) bool {
	return r >= 0xC0 && r <= 0x17F && r != 0xD7 && r != 0xF7 && unicode.IsLetter(r)
}

// latexPreamble is the preamble of a standalone document.
const latexPreamble = `\documentclass[11pt]{article}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage{lmodern}
\usepackage[margin=1in]{geometry}
\usepackage{booktabs}
\usepackage{graphicx}
\usepackage{float}
\floatplacement{table}{H}
\begin{document}
`

// renderLatex writes booktabs tables that fit the text width: \small, and
// scaled down to \linewidth when still wider (graphicx's \resizebox with the
// table's natural \width). With doc.Standalone, a whole document that
// compiles with pdflatex; otherwise tables to \input in a document that
// loads booktabs and graphicx.
func renderLatex(w io.Writer, doc *Document) error {
	if doc.Standalone {
		fmt.Fprint(w, latexPreamble)
	} else {
		fmt.Fprintln(w, "% pssa output; needs \\usepackage{booktabs} and \\usepackage{graphicx}")
	}
	for i, t := range doc.Tables {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintln(w, `\begin{table}[htbp]`)
		fmt.Fprintln(w, `\centering\small`)
		if t.Title != "" {
			fmt.Fprintf(w, "\\caption{%s}\n", LatexEscape(t.Title))
		}
		align := "l"
		for range t.Columns[1:] {
			align += "r"
		}
		fmt.Fprintf(w, "\\resizebox{\\ifdim\\width>\\linewidth\\linewidth\\else\\width\\fi}{!}{%%\n\\begin{tabular}{%s}\n\\toprule\n", align)
		cols := make([]string, len(t.Columns))
		for j, c := range t.Columns {
			cols[j] = LatexEscape(c)
		}
		fmt.Fprintf(w, "%s \\\\\n\\midrule\n", strings.Join(cols, " & "))
		for _, r := range t.Rows {
			cells := make([]string, len(r))
			for j, c := range r {
				cells[j] = LatexEscape(c.display())
			}
			fmt.Fprintf(w, "%s \\\\\n", strings.Join(cells, " & "))
		}
		fmt.Fprintln(w, `\bottomrule`)
		fmt.Fprintln(w, `\end{tabular}}`)
		if len(t.Notes) > 0 {
			fmt.Fprintln(w, `\par\smallskip\footnotesize\raggedright`)
			for k, n := range t.Notes {
				if k > 0 {
					fmt.Fprint(w, "\\\\\n")
				}
				fmt.Fprint(w, LatexEscape(n))
			}
			fmt.Fprintln(w)
		}
		fmt.Fprintln(w, `\end{table}`)
	}
	if doc.Standalone {
		fmt.Fprintln(w, `\end{document}`)
	}
	return nil
}
