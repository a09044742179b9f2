package cmd_test

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/pssa-project/pssa/cmd"
)

// numbers rounds every number in an SVG to one decimal, so that the golden
// comparison catches a changed figure (a missing line, a moved mean, another
// label) but not the last bits of a coordinate on another platform.
var numberRE = regexp.MustCompile(`-?\d+\.\d+`)

func roundNumbers(s string) string {
	return numberRE.ReplaceAllStringFunc(s, func(m string) string {
		v, _ := strconv.ParseFloat(m, 64)
		return strconv.FormatFloat(v, 'f', 1, 64)
	})
}

// TestPlotGolden draws the example's SSQ and CAMI AU panels with
// trajectories and compares the SVG with testdata/golden/figure.svg
// (PSSA_UPDATE_GOLDEN=1 rewrites it); the PNG is checked for its size.
func TestPlotGolden(t *testing.T) {
	dir := t.TempDir()
	svg := filepath.Join(dir, "figure.svg")
	var out, errb bytes.Buffer
	if code := cmd.Run([]string{"plot", "../testdata/example.csv", "-o", svg, "--scales", "SSQ,CAMI_AU", "--spaghetti"}, nil, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	got, err := os.ReadFile(svg)
	if err != nil {
		t.Fatal(err)
	}
	golden := "../testdata/golden/figure.svg"
	if os.Getenv("PSSA_UPDATE_GOLDEN") != "" {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if roundNumbers(string(got)) != roundNumbers(string(want)) {
		t.Errorf("figure differs from %s (PSSA_UPDATE_GOLDEN=1 go test ./cmd -run Plot rewrites it; look at it first)", golden)
	}
	for _, text := range []string{"SSQ: self-stigma", "CAMI AU: authoritarianism", "PSW (n = 16/14/11)", "MHP (n = 80/61)", "↓ better: higher = more", "mean, 95% CI"} {
		if !strings.Contains(string(got), text) {
			t.Errorf("figure lacks %q", text)
		}
	}
	// SU has no SSQ at T2: its points and whiskers at T1 and T3, no line
	// across T2 (the one 1.5 pt orange stroke is the legend's key).
	if n := strings.Count(string(got), "stroke:#D95F02;stroke-width:1.5\""); n != 1 {
		t.Errorf("%d orange 1.5 pt strokes, want 1 (the legend's): SU's line crosses T2", n)
	}

	pngPath := filepath.Join(dir, "figure.png")
	if code := cmd.Run([]string{"plot", "../testdata/example.csv", "-o", pngPath, "--scales", "SSQ,SWLS,EMAS,RAS-R"}, nil, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	f, err := os.Open(pngPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil {
		t.Fatal(err)
	}
	// 4 panels: 3 columns × 2 rows of 3.4 × 2.8 inches at 150 dpi, and a
	// legend of one line (1.5 × 9 pt + 2 × 2 mm = 24.84 pt, 52 pixels).
	if cfg.Width != 1530 || cfg.Height != 892 {
		t.Errorf("png is %d×%d, want 1530×892", cfg.Width, cfg.Height)
	}
	// --width 16cm --height 10cm --dpi 300: 6.299 × 3.937 in at 300 dpi.
	if code := cmd.Run([]string{"plot", "../testdata/example.csv", "-o", pngPath, "--scales", "SSQ,SWLS,EMAS,RAS-R", "--width", "16cm", "--height", "10cm", "--dpi", "300"}, nil, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	f2, err := os.Open(pngPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f2.Close()
	if cfg, err = png.DecodeConfig(f2); err != nil {
		t.Fatal(err)
	}
	if cfg.Width != 1890 || cfg.Height != 1181 {
		t.Errorf("png is %d×%d, want 1890×1181", cfg.Width, cfg.Height)
	}
}

func TestPlotErrors(t *testing.T) {
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"plot", "../testdata/example.csv"}, 2, "plot needs -o FILE ending in .svg, .png or .pdf"},
		{[]string{"plot", "../testdata/example.csv", "-o", "x.gif"}, 2, "the figure format comes from the extension"},
		{[]string{"plot", "../testdata/example.csv", "-o", "../testdata/example.csv"}, 2, ""},
		{[]string{"plot", "../testdata/example.csv", "-o", filepath.Join(t.TempDir(), "f.svg"), "--scales", "XYZ"}, 1, "no scale to plot (asked for XYZ)"},
		{[]string{"plot", "../testdata/example.csv", "-o", filepath.Join(t.TempDir(), "f.svg"), "--groups", "NOPE"}, 1, `--groups: no group "NOPE"`},
		{[]string{"plot", "../testdata/example.csv", "-o", "f.svg", "--width", "16"}, 2, `"16" needs a unit: cm, mm, in or pt`},
		{[]string{"plot", "../testdata/example.csv", "-o", "f.svg", "--height", "NaNcm"}, 2, "outside 1.5in..100in"},
		{[]string{"plot", "../testdata/example.csv", "-o", "f.svg", "--width", "abc"}, 2, "needs a unit"},
		{[]string{"plot", "../testdata/example.csv", "-o", "f.svg", "--group-names", "PSW=Peers,=Nobody"}, 2, `"=Nobody" is not CODE=Name`},
		{[]string{"plot", "../testdata/example.csv", "-o", "f.svg", "--time-names", "T1"}, 2, `"T1" is not CODE=Name`},
		{[]string{"plot", "../testdata/example.csv", "-o", "f.png", "--dpi", "10"}, 2, "--dpi 10 is outside 72..1200"},
		{[]string{"plot", "../testdata/example.csv", "-o", "f.svg", "--font-size", "30"}, 2, "--font-size 30 is outside 5..24"},
		{[]string{"plot", "../testdata/example.csv", "-o", filepath.Join(t.TempDir(), "f.svg"), "--width", "10cm", "--height", "5cm"}, 2, "figure is too small for 16 panel(s)"},
		{[]string{"plot", "../testdata/example.csv", "--kind", "change", "-o", filepath.Join(t.TempDir(), "f.svg"), "--height", "4cm"}, 2, "figure is too small"},
	}
	for _, c := range cases {
		var out, errb bytes.Buffer
		code := cmd.Run(c.args, nil, &out, &errb)
		if code != c.code || !strings.Contains(errb.String(), c.want) {
			t.Errorf("%v: exit %d, %q", c.args[2:], code, errb.String())
		}
	}
}
