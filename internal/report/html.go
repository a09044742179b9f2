package report

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"math"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/pssa-project/pssa/internal/results"
)

// Report is what pssa report writes to one file: analyze's document (its
// tables and typed results) with what a reader of the file needs beside
// them: the figure, the warnings and the provenance.
type Report struct {
	// Doc is analyze's document (AnalysisDocument), Version set.
	Doc *Document
	// File is the input as named on the command line; SHA256 its digest in
	// hex ("" when it was not hashed, as for standard input).
	File   string
	SHA256 string
	// Command is the command line that made the report, for provenance.
	Command string
	// Figure is the means-over-time figure (FigureFrom); nil leaves it out.
	Figure *Figure
	// Warnings are every warning of the run (the loader's and the
	// analysis's), as printed on standard error.
	Warnings []string
}

// ReportFormats are the formats of RenderReport, by -o's extension.
var ReportFormats = []string{"html", "xlsx"}

// RenderReport writes the report as html or xlsx.
func RenderReport(w io.Writer, format string, r *Report) error {
	switch format {
	case "html":
		return renderHTML(w, r)
	case "xlsx":
		return renderXLSX(w, r)
	}
	return fmt.Errorf("report format %q is not html or xlsx", format)
}

// reportCSS is the report's whole style sheet: plain tables (Word keeps
// them when it opens the file), rules above and below the header as in
// APA tables, and print rules: sections start on a new page, a table's
// rows and a figure are not split, a table's header repeats on each page.
// No page size is set, so the reader's A4 or Letter is used.
const reportCSS = `
body { font-family: "Liberation Sans", Arial, Helvetica, sans-serif; font-size: 10.5pt; line-height: 1.4; color: #111; margin: 2em auto; max-width: 60em; padding: 0 1em; }
h1 { font-size: 17pt; margin-bottom: 0.2em; }
h2 { font-size: 14pt; border-bottom: 1px solid #999; padding-bottom: 0.15em; margin-top: 1.6em; }
h3 { font-size: 11pt; margin: 1.2em 0 0.3em; }
p.sub { color: #555; margin-top: 0; }
table { border-collapse: collapse; margin: 0.3em 0 0.4em; font-size: 9.5pt; }
caption { text-align: left; font-weight: bold; padding: 0.2em 0; }
th, td { padding: 0.15em 0.6em; vertical-align: top; text-align: left; }
thead th { border-top: 1.5px solid #000; border-bottom: 1px solid #000; font-weight: bold; }
tbody tr:last-child td { border-bottom: 1.5px solid #000; }
table.kv tbody tr:last-child td { border-bottom: none; }
td.num { text-align: right; white-space: nowrap; }
table.kv th { font-weight: bold; border: none; padding-left: 0; }
table.kv td { border: none; }
p.note { font-size: 8.5pt; margin: 0.1em 0; color: #333; }
ul.warnings li { color: #7a3b00; }
div.figure svg { max-width: 100%; height: auto; }
code { font-family: "Liberation Mono", Consolas, monospace; font-size: 9pt; word-break: break-all; }
@page { margin: 15mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  section { break-before: page; page-break-before: always; }
  section.first { break-before: auto; page-break-before: auto; }
  h2, h3, caption { break-after: avoid; page-break-after: avoid; }
  table { font-size: 8.5pt; }
  thead { display: table-header-group; }
  tr, div.figure, p.note { break-inside: avoid; page-break-inside: avoid; }
  div.figure svg { max-height: 225mm; }
  section#figure h2 { margin-top: 0; }
}
`

// renderHTML writes the report as one self-contained HTML file: inline
// CSS, the figure as inline SVG, no script and no external resource.
//
// Long because it writes the document's sections in reading order.
func renderHTML(w io.Writer, r *Report) error {
	doc := r.Doc
	if doc == nil || doc.Results == nil {
		return fmt.Errorf("the report needs analyze's results")
	}
	res := doc.Results
	var b bytes.Buffer
	esc := html.EscapeString
	b.WriteString("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
	fmt.Fprintf(&b, "<meta name=\"generator\" content=\"pssa %s\">\n", esc(doc.Version))
	fmt.Fprintf(&b, "<title>pssa report: %s</title>\n<style>%s</style>\n</head>\n<body>\n", esc(r.File), reportCSS)

	fmt.Fprintf(&b, "<section class=\"first\" id=\"input\">\n<h1>Results of %s</h1>\n", esc(r.File))
	fmt.Fprintf(&b, "<p class=\"sub\">pssa %s report. Input SHA-256 %s.</p>\n", esc(doc.Version), esc(shaText(r.SHA256)))
	b.WriteString("<h2>Input</h2>\n<table class=\"kv\">\n<tbody>\n")
	kv := func(k, v string) { fmt.Fprintf(&b, "<tr><th>%s</th><td>%s</td></tr>\n", esc(k), esc(v)) }
	in := res.Input
	kv("File", r.File)
	kv("Rows", strconv.Itoa(in.Rows))
	groups := make([]string, len(in.Groups))
	for i, g := range in.Groups {
		groups[i] = doc.View.groupName(g)
	}
	kv("Groups", strings.Join(groups, ", "))
	kv("Instruments", strings.Join(in.Instruments, ", "))
	kv("Time points", strings.Join(in.TimePoints, ", "))
	b.WriteString("</tbody>\n</table>\n")
	b.WriteString("<h3>Warnings</h3>\n")
	if len(r.Warnings) == 0 {
		b.WriteString("<p>None.</p>\n")
	} else {
		b.WriteString("<ul class=\"warnings\">\n")
		for _, wn := range r.Warnings {
			fmt.Fprintf(&b, "<li>%s</li>\n", esc(wn))
		}
		b.WriteString("</ul>\n")
	}
	b.WriteString("<h2>Methods</h2>\n")
	fmt.Fprintf(&b, "<p>%s</p>\n", esc(MethodsText(doc)))
	b.WriteString("</section>\n")

	b.WriteString("<section id=\"tables\">\n<h2>Tables</h2>\n")
	for _, t := range doc.Tables {
		writeHTMLTable(&b, t)
	}
	b.WriteString("</section>\n")

	if r.Figure != nil && len(r.Figure.Panels) > 0 {
		var svg bytes.Buffer
		if err := RenderFigure(&svg, "svg", r.Figure); err != nil {
			return fmt.Errorf("figure: %v", err)
		}
		b.WriteString("<section id=\"figure\">\n<h2>Figure</h2>\n<div class=\"figure\">\n")
		b.Write(inlineSVG(svg.Bytes()))
		b.WriteString("\n</div>\n")
		fmt.Fprintf(&b, "<p class=\"note\">Mean and %s%% confidence interval (t-based) of each scale at each time point, one line per group (n at each time point in the legend). Each y axis spans the scale's possible range.</p>\n",
			FormatNumber(100*r.Figure.Level, -1))
		b.WriteString("</section>\n")
	}

	b.WriteString("<section id=\"words\">\n<h2>Results in words</h2>\n")
	for _, p := range ResultsText(doc) {
		if p.Heading != "" {
			fmt.Fprintf(&b, "<h3>%s</h3>\n", esc(p.Heading))
			continue
		}
		fmt.Fprintf(&b, "<p>%s</p>\n", esc(p.Text))
	}
	b.WriteString("</section>\n")

	b.WriteString("<section id=\"provenance\">\n<h2>Provenance</h2>\n<table class=\"kv\">\n<tbody>\n")
	kv("pssa version", doc.Version)
	kv("Command", r.Command)
	kv("Input file", r.File)
	fmt.Fprintf(&b, "<tr><th>Input SHA-256</th><td><code>%s</code></td></tr>\n", esc(shaText(r.SHA256)))
	b.WriteString("</tbody>\n</table>\n<h3>Options in effect</h3>\n<table class=\"kv\">\n<tbody>\n")
	for _, o := range optionRows(res.Options) {
		kv(o[0], o[1])
	}
	b.WriteString("</tbody>\n</table>\n</section>\n</body>\n</html>\n")
	_, err := w.Write(b.Bytes())
	return err
}

func shaText(sha string) string {
	if sha == "" {
		return "not computed (standard input)"
	}
	return sha
}

// writeHTMLTable writes a table as plain HTML (Word keeps it as a table):
// caption, header, rows with numbers right-aligned, footnotes below.
func writeHTMLTable(b *bytes.Buffer, t Table) {
	esc := html.EscapeString
	b.WriteString("<table>\n")
	if t.Title != "" {
		fmt.Fprintf(b, "<caption>%s</caption>\n", esc(t.Title))
	}
	b.WriteString("<thead><tr>")
	for _, c := range t.Columns {
		fmt.Fprintf(b, "<th>%s</th>", esc(c))
	}
	b.WriteString("</tr></thead>\n<tbody>\n")
	for _, r := range t.Rows {
		b.WriteString("<tr>")
		for _, c := range r {
			if c.Kind == Text && !numericText(c.Text) {
				fmt.Fprintf(b, "<td>%s</td>", esc(c.display()))
			} else {
				fmt.Fprintf(b, "<td class=\"num\">%s</td>", esc(c.display()))
			}
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody>\n</table>\n")
	for _, n := range t.Notes {
		fmt.Fprintf(b, "<p class=\"note\">%s</p>\n", esc(n))
	}
}

// numericText says whether a text cell reads as numbers ("61.17 (16.37)",
// "[−0.02, 1.11]", "+5.36"), to align it right like the number cells.
func numericText(s string) bool {
	if s == "" || s == "–" {
		return false
	}
	r := []rune(s)[0]
	return r == '+' || r == '−' || r == '[' || (r >= '0' && r <= '9')
}

var svgProlog = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?s)^\s*<\?xml[^>]*\?>\s*(<!--.*?-->\s*)?`) })

// inlineSVG makes the figure renderer's SVG document an element to place
// in HTML: the XML declaration and comment dropped.
func inlineSVG(svg []byte) []byte {
	return svgProlog().ReplaceAll(svg, nil)
}

// optionRows lists the options that shape the numbers, by their JSON keys
// (results.Options), for the provenance table.
func optionRows(opt results.Options) [][2]string {
	return structRows(reflect.ValueOf(opt))
}

// structRows lists a struct's fields by their JSON keys with their values.
func structRows(v reflect.Value) [][2]string {
	var out [][2]string
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		out = append(out, [2]string{name, optionValue(v.Field(i))})
	}
	return out
}

func optionValue(v reflect.Value) string {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return "(none)"
		}
		var parts []string
		for _, kv := range structRows(v.Elem()) {
			parts = append(parts, kv[0]+" = "+kv[1])
		}
		return strings.Join(parts, "; ")
	case reflect.Float64:
		f := v.Float()
		if math.IsNaN(f) {
			return ""
		}
		return strconv.FormatFloat(f, 'g', -1, 64)
	case reflect.Slice:
		s := make([]string, v.Len())
		for i := range s {
			s[i] = fmt.Sprint(v.Index(i).Interface())
		}
		if len(s) == 0 {
			return "(none)"
		}
		return strings.Join(s, ", ")
	case reflect.String:
		if v.String() == "" {
			return "(none)"
		}
	}
	return fmt.Sprint(v.Interface())
}
