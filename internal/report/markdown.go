package report

import (
	"fmt"
	"io"
	"strings"
)

// renderMarkdown writes GitHub-flavoured Markdown tables. Footnotes are
// plain paragraphs (a leading "*" or "-" is escaped, so "* p < .05" is not a
// bullet) with hard line breaks; minus signs are the typographic − as in
// every reading format.
func renderMarkdown(w io.Writer, doc *Document) error {
	for i, t := range doc.Tables {
		if i > 0 {
			fmt.Fprintln(w)
		}
		if t.Title != "" {
			fmt.Fprintf(w, "**%s**\n\n", mdEscape(t.Title))
		}
		cols := make([]string, len(t.Columns))
		seps := make([]string, len(t.Columns))
		for j, c := range t.Columns {
			cols[j] = mdEscape(c)
			seps[j] = "---"
		}
		fmt.Fprintf(w, "| %s |\n|%s|\n", strings.Join(cols, " | "), strings.Join(seps, "|"))
		for _, r := range t.Rows {
			cells := make([]string, len(r))
			for j, c := range r {
				cells[j] = mdEscape(c.display())
			}
			fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
		}
		if len(t.Notes) > 0 {
			fmt.Fprintln(w)
			for _, n := range t.Notes {
				fmt.Fprintf(w, "%s  \n", mdLine(n))
			}
		}
	}
	return nil
}

// mdEscape escapes what would break a table cell and Markdown's emphasis.
func mdEscape(s string) string {
	return strings.NewReplacer("|", `\|`, "*", `\*`, "_", `\_`).Replace(s)
}

// mdLine escapes a footnote line, including the markers that would start
// a list or a heading at its beginning.
func mdLine(s string) string {
	s = mdEscape(s)
	if strings.HasPrefix(s, "-") || strings.HasPrefix(s, "+") || strings.HasPrefix(s, "#") {
		s = `\` + s
	}
	return s
}
