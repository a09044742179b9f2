package report

import (
	"strings"

	"golang.org/x/text/encoding/charmap"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
)

// gonum/plot's pdf canvas embeds fonts with the Windows-1252 code page and
// writes each string's bytes as they are, so UTF-8 text comes out garbled
// ("14â€“98"). For pdf, the figure's text is first made representable in
// Windows-1252 (pdfText, applied where text is measured and drawn, so that
// centring stays right), then encoded when it reaches the canvas.

// pdfReplacer spells the characters our labels use that Windows-1252
// lacks.
var pdfReplacer = strings.NewReplacer(
	"↑", "higher", "↓", "lower", "−", "-", "≥", ">=", "≤", "<=", "√", "sqrt ", "Δ", "Delta ", "η", "eta",
	"₁", "1", "₂", "2", "₃", "3", "→", "->", "≠", "!=", "α", "alpha", "ω", "omega",
)

// pdfText returns s with only characters Windows-1252 has (others
// spelled out, or "?").
func pdfText(s string) string {
	s = pdfReplacer.Replace(s)
	return strings.Map(func(r rune) rune {
		if _, ok := charmap.Windows1252.EncodeRune(r); ok {
			return r
		}
		return '?'
	}, s)
}

// pdfHandler is text.Plain over pdfText.
type pdfHandler struct{ text.Plain }

func (h pdfHandler) Lines(txt string) []string { return h.Plain.Lines(pdfText(txt)) }

func (h pdfHandler) Box(txt string, fnt font.Font) (width, height, depth vg.Length) {
	return h.Plain.Box(pdfText(txt), fnt)
}

func (h pdfHandler) Draw(c vg.Canvas, txt string, sty text.Style, pt vg.Point) {
	h.Plain.Draw(cp1252Canvas{c}, pdfText(txt), sty, pt)
}

// cp1252Canvas encodes strings in Windows-1252 on their way to the pdf
// canvas.
type cp1252Canvas struct{ vg.Canvas }

func (c cp1252Canvas) FillString(f font.Face, pt vg.Point, s string) {
	b, err := charmap.Windows1252.NewEncoder().String(s)
	if err != nil {
		b = s
	}
	c.Canvas.FillString(f, pt, b)
}
