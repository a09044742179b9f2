package results

// The rows of `pssa test KIND`: one type per kind of test, printed as a
// quantity/value table and as a JSON object with these keys. Title and
// Notes say what the table shows; they are not written to JSON.

// Subset records a --where selection of rows (both nil without one).
type Subset struct {
	Where    []string `json:"where,omitempty"`
	RowsKept *int     `json:"rows_kept,omitempty"` // rows that met every --where condition
}

// Caption is a test row's title and footnotes.
type Caption struct {
	Title string   `json:"-"`
	Notes []string `json:"-"`
}

// SignedRankTest is `pssa test wilcoxon`.
type SignedRankTest struct {
	Caption
	Test         string  `json:"test"`
	Method       string  `json:"method"`
	Alternative  string  `json:"alternative"`
	Continuity   bool    `json:"continuity"`
	DigitsRank   string  `json:"digits_rank"` // the tie rule: significant digits kept before ranking, or inf
	N            int     `json:"n"`
	NZero        int     `json:"n_zero"`
	NNegative    int     `json:"n_negative"` // x < y (SPSS's negative ranks)
	NPositive    int     `json:"n_positive"` // x > y
	NDropped     int     `json:"n_dropped"`
	Statistic    float64 `json:"statistic"`
	Z            float64 `json:"z"`
	ZSPSS        float64 `json:"z_spss"` // −|z| without continuity correction, as SPSS prints it
	P            float64 `json:"p"`
	ConfLevel    float64 `json:"conf_level"`
	R            float64 `json:"r"`
	RCILow       float64 `json:"r_ci_low"`
	RCIHigh      float64 `json:"r_ci_high"`
	RankBiserial float64 `json:"rank_biserial"`
	RBCILow      float64 `json:"rank_biserial_ci_low"`
	RBCIHigh     float64 `json:"rank_biserial_ci_high"`
	Subset
}

// PairedTTest is `pssa test paired-t`.
type PairedTTest struct {
	Caption
	Test        string  `json:"test"`
	Alternative string  `json:"alternative"`
	N           int     `json:"n"`
	NDropped    int     `json:"n_dropped"`
	Statistic   float64 `json:"statistic"`
	DF          float64 `json:"df"`
	P           float64 `json:"p"`
	ConfLevel   float64 `json:"conf_level"`
	MeanDiff    float64 `json:"mean_diff"`
	MeanDiffLow float64 `json:"mean_diff_ci_low"`
	MeanDiffHi  float64 `json:"mean_diff_ci_high"`
	SDDiff      float64 `json:"sd_diff"`
	Dz          float64 `json:"d_z"`
	DzCILow     float64 `json:"d_z_ci_low"`
	DzCIHigh    float64 `json:"d_z_ci_high"`
	Dav         float64 `json:"d_av"`
	DavCILow    float64 `json:"d_av_ci_low"`
	DavCIHigh   float64 `json:"d_av_ci_high"`
	Subset
}

// MannWhitneyTest is `pssa test mannwhitney`.
type MannWhitneyTest struct {
	Caption
	Test         string  `json:"test"`
	Method       string  `json:"method"`
	Alternative  string  `json:"alternative"`
	Continuity   bool    `json:"continuity"`
	DigitsRank   string  `json:"digits_rank"` // the tie rule: significant digits kept before ranking, or inf
	Group1       string  `json:"group1"`
	Group2       string  `json:"group2"`
	N1           int     `json:"n1"`
	N2           int     `json:"n2"`
	NDropped     int     `json:"n_dropped"`
	Statistic    float64 `json:"statistic"`
	Z            float64 `json:"z"`
	ZSPSS        float64 `json:"z_spss"` // −|z| without continuity correction, as SPSS prints it
	P            float64 `json:"p"`
	ConfLevel    float64 `json:"conf_level"`
	R            float64 `json:"r"`
	RCILow       float64 `json:"r_ci_low"`
	RCIHigh      float64 `json:"r_ci_high"`
	RankBiserial float64 `json:"rank_biserial"`
	RBCILow      float64 `json:"rank_biserial_ci_low"`
	RBCIHigh     float64 `json:"rank_biserial_ci_high"`
	Subset
}

// IndependentTTest is `pssa test welch` and `pssa test student`.
type IndependentTTest struct {
	Caption
	Test        string  `json:"test"`
	Alternative string  `json:"alternative"`
	Group1      string  `json:"group1"`
	Group2      string  `json:"group2"`
	N1          int     `json:"n1"`
	N2          int     `json:"n2"`
	NDropped    int     `json:"n_dropped"`
	Mean1       float64 `json:"mean1"`
	Mean2       float64 `json:"mean2"`
	Statistic   float64 `json:"statistic"`
	DF          float64 `json:"df"`
	P           float64 `json:"p"`
	ConfLevel   float64 `json:"conf_level"`
	MeanDiff    float64 `json:"mean_diff"` // mean1 − mean2
	MeanDiffLow float64 `json:"mean_diff_ci_low"`
	MeanDiffHi  float64 `json:"mean_diff_ci_high"`
	D           float64 `json:"d"`
	DCILow      float64 `json:"d_ci_low"`
	DCIHigh     float64 `json:"d_ci_high"`
	G           float64 `json:"g"`
	GCILow      float64 `json:"g_ci_low"`
	GCIHigh     float64 `json:"g_ci_high"`
	Subset
}

// RMANOVATest is `pssa test rmanova`.
type RMANOVATest struct {
	Caption
	Test             string  `json:"test"`
	N                int     `json:"n"`
	NDropped         int     `json:"n_dropped"`
	F                float64 `json:"f"`
	DF1              float64 `json:"df1"`
	DF2              float64 `json:"df2"`
	P                float64 `json:"p"`
	MauchlyW         float64 `json:"mauchly_w"`
	MauchlyP         float64 `json:"mauchly_p"`
	GGEpsilon        float64 `json:"gg_epsilon"`
	GGP              float64 `json:"gg_p"`
	HFEpsilon        float64 `json:"hf_epsilon"`
	HFP              float64 `json:"hf_p"`
	PartialEtaSq     float64 `json:"partial_eta_sq"`
	ConfLevel        float64 `json:"conf_level"`
	PartialEtaSqLow  float64 `json:"partial_eta_sq_ci_low"`
	PartialEtaSqHigh float64 `json:"partial_eta_sq_ci_high"`
	GeneralizedEtaSq float64 `json:"generalized_eta_sq"`
	Subset
}

// FriedmanTest is `pssa test friedman`.
type FriedmanTest struct {
	Caption
	Test       string  `json:"test"`
	DigitsRank string  `json:"digits_rank"` // the tie rule: significant digits kept before ranking, or inf
	N          int     `json:"n"`
	NDropped   int     `json:"n_dropped"`
	Statistic  float64 `json:"statistic"`
	DF         float64 `json:"df"`
	P          float64 `json:"p"`
	KendallW   float64 `json:"kendall_w"`
	Subset
}

// Heading returns the caption (promoted to every test row type).
func (c Caption) Heading() Caption { return c }

// Select records a --where selection (promoted to every test row type).
func (s *Subset) Select(where []string, kept int) { s.Where, s.RowsKept = where, &kept }
