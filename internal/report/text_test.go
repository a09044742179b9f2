package report

import (
	"math"
	"strings"
	"testing"

	"github.com/pssa-project/pssa/internal/results"
)

func TestAPANumbers(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{pText(0.0421), "p = .042"},
		{pText(0.0004), "p < .001"},
		{pText(1), "p = 1.000"},
		{apaBounded(0.2834, 2), ".28"},
		{apaBounded(-0.0786, 2), "−.08"},
		{apaBounded(0, 2), ".00"},
		{apa(-0.611, 2), "−0.61"},
		{dfText(13), "13"},
		{dfText(24.73), "24.7"},
		{ci("95%", -1.2234, 0.0201), ", 95% CI [−1.22, 0.02]"},
		{boundedCI("90%", 0, 0.531), ", 90% CI [.00, .53]"},
		{ci("95%", math.NaN(), 1), ""},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

// TestChangeWords: the verb follows the sign of the change and, where the
// scale has a direction, says whether that is better; a change that is not
// significant is said to be so, whatever its sign.
func TestChangeWords(t *testing.T) {
	tx := &texter{res: &results.Analysis{Options: results.Options{Alpha: 0.05}}}
	for _, tc := range []struct {
		diff, p float64
		better  string
		want    string
	}{
		{-4.35, 0.042, "higher", "worsened, decreasing"},
		{+4.35, 0.042, "higher", "improved, increasing"},
		{-4.35, 0.042, "lower", "improved, decreasing"},
		{+4.35, 0.042, "lower", "worsened, increasing"},
		{+4.35, 0.042, "none", "increased"},
		{-4.35, 0.042, "none", "decreased"},
		{+4.35, 0.05, "higher", "did not change significantly"},
		{-4.35, 0.30, "none", "did not change significantly"},
		{+4.35, math.NaN(), "higher", "did not change significantly"},
	} {
		if got := tx.verb(tc.diff, tc.p, &results.Scale{Better: tc.better}); got != tc.want {
			t.Errorf("diff %g, p %g, better %s: %q, want %q", tc.diff, tc.p, tc.better, got, tc.want)
		}
	}
}

// TestPairedSentence: the model paper's sentence, from a row with its
// numbers (SWLS of peer workers, T2 to T3).
func TestPairedSentence(t *testing.T) {
	s := &results.Scale{Instrument: "SWLS", Code: "TOTAL", Name: "Satisfaction with life", Better: "higher", HigherMeans: "more satisfied with life"}
	res := &results.Analysis{
		Options: results.Options{Alpha: 0.05, Adjust: "none", PairedTest: "wilcoxon", Effect: "dz", ConfLevel: 0.95},
		Input:   results.Input{Groups: []string{"PSW"}, TimePoints: []string{"T2", "T3"}},
		Scales:  []*results.Scale{s},
		Paired: []*results.Paired{{Scale: s, Group: "PSW", From: "T2", To: "T3", N: 9, MeanFrom: 26.57, SDFrom: 4.10, MeanTo: 22.22, SDTo: 5.31,
			Diff: -4.35, Test: "wilcoxon", Statistic: 4, Z: -2.03, P: 0.042, Dz: -0.61, DzCILow: -1.22, DzCIHigh: 0.02}},
	}
	tx := &texter{res: res, v: AnalysisView{GroupNames: map[string]string{"PSW": "PSWs"}}}
	got := tx.groupScale("PSW", s)
	want := "For PSWs, satisfaction with life (SWLS) worsened, decreasing from T2 (M = 26.57, SD = 4.10) to T3 (M = 22.22, SD = 5.31), V = 4.0, Z = −2.03, p = .042, d_z = −0.61, 95% CI [−1.22, 0.02]."
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	res.Paired[0].P, res.Paired[0].Note = math.NaN(), "n < 2"
	if got := tx.groupScale("PSW", s); !strings.Contains(got, "could not be tested from T2 to T3 (n < 2)") {
		t.Errorf("untestable row: %q", got)
	}
}

// TestConstruct: a scale named for what a higher score means less of says
// so; acronyms keep their capitals.
func TestConstruct(t *testing.T) {
	for _, tc := range []struct {
		s    results.Scale
		want string
	}{
		{results.Scale{Instrument: "SSQ", Code: "TOTAL", Name: "Self-stigma (total)", HigherMeans: "less self-stigma"}, "self-stigma (SSQ; higher = less self-stigma)"},
		{results.Scale{Instrument: "RAS-R", Code: "PCH", Name: "Personal confidence and hope", HigherMeans: "more confidence"}, "personal confidence and hope (RAS-R PCH)"},
		{results.Scale{Instrument: "X", Code: "TOTAL", Name: "QOL total"}, "QOL total (X)"},
		{results.Scale{Instrument: "X", Code: "A"}, "X A"},
	} {
		if got := construct(&tc.s); got != tc.want {
			t.Errorf("%q: got %q, want %q", tc.s.Name, got, tc.want)
		}
	}
}

// TestNoTextForm: a document without results or a test row is refused
// with a message, not written empty.
func TestNoTextForm(t *testing.T) {
	var b strings.Builder
	err := Render(&b, "text", &Document{Tables: []Table{{Title: "x"}}})
	if err == nil || !strings.Contains(err.Error(), "has no text form") {
		t.Errorf("err = %v", err)
	}
}

func TestSheetNames(t *testing.T) {
	x := &xlsxWriter{used: map[string]bool{}}
	long := "Peer support workers (PSW): omnibus tests over T1, T2, T3 (complete cases)"
	a, b := x.sheetName(long), x.sheetName(long)
	if n := len([]rune(a)); n > 31 {
		t.Errorf("%q has %d characters", a, n)
	}
	if a == b || len([]rune(b)) > 31 || !strings.HasSuffix(b, " (2)") {
		t.Errorf("second sheet %q after %q", b, a)
	}
	if got := x.sheetName("PSW: a/b [c]?"); got != "PSW a b c" {
		t.Errorf("got %q", got)
	}
	if got := x.sheetName("notes"); got != "notes" {
		t.Errorf("got %q", got)
	}
	if got := x.sheetName("Notes"); got != "Notes (2)" {
		t.Errorf("case-insensitive duplicate: got %q", got)
	}
	for _, tc := range []struct{ header, part, want string }{
		{"T1 M (SD)", "SD", "T1 SD"},
		{"M₁ (SD)", "M", "M₁"},
		{"M₂ (SD)", "SD", "SD₂"},
		{"t (df)", "df", "df"},
		{"95% CI", "low", "95% CI low"},
		{"Δ", "", "Δ"},
	} {
		if got := subHeader(tc.header, tc.part); got != tc.want {
			t.Errorf("subHeader(%q, %q) = %q, want %q", tc.header, tc.part, got, tc.want)
		}
	}
}
