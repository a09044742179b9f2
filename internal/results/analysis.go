// Package results is pssa's one result schema: a Go struct per kind of
// result row, whose `json` tags are the keys every writer uses. JSON, the
// tidy csv/tsv, `pssa check`'s row identity and the human-readable tables all
// read these types; no writer spells a key of its own. docs/json.md lists the
// schema and a test keeps it in step with these structs.
//
// Conventions of the tags:
//
//	json:"name"        the key, in the order the fields are declared
//	json:"name,omitempty"  left out when the pointer or slice is nil
//	key:"true"         part of the row's identity (pssa check matches rows by these)
//	tidy:"-"           not a column of the tidy csv/tsv (JSON only)
//
// Numbers are float64; NaN (a number that could not be computed, see the
// row's note) is written as null in JSON and as an empty cell in csv/tsv.
package results

// Scale identifies one scale of one instrument, with its direction and the
// facts a writer needs to label it. It is shared by the rows of that scale.
type Scale struct {
	Instrument  string
	Code        string
	Name        string
	Better      string // higher, lower, none
	HigherMeans string
	COPM        bool
	// ClinicalChange is the definition's minimal important change (COPM: 2), 0 if none.
	ClinicalChange float64
	// MaxMissingFraction is the definition's prorating limit (0.2 unless it says otherwise).
	MaxMissingFraction float64
}

// Input describes what was analysed.
type Input struct {
	File        string   `json:"file"`
	Rows        int      `json:"rows"`
	Groups      []string `json:"groups"`
	Instruments []string `json:"instruments"`
	TimePoints  []string `json:"time_points"`
}

// Options echoes the analysis options that shape the numbers.
type Options struct {
	PairedTest  string  `json:"paired_test"`
	BetweenTest string  `json:"between_test"`
	Contrasts   string  `json:"contrasts"`
	Method      string  `json:"method"`
	Continuity  bool    `json:"continuity"`
	DigitsRank  string  `json:"digits_rank"` // the rank tests' tie rule: significant digits kept, or inf
	Adjust      string  `json:"adjust"`
	Alpha       float64 `json:"alpha"`
	Effect      string  `json:"effect"`
	// Like is the package whose conventions were asked for (--like spss|r),
	// "" for pssa's own; ZConvention says which z is reported: "signed"
	// (the deviate of V or U, with the p-value's continuity correction) or
	// "spss" (−|z| without continuity, as SPSS prints it).
	Like        string  `json:"like"`
	ZConvention string  `json:"z_convention"`
	ConfLevel   float64 `json:"conf_level"` // of every confidence interval
	GroupTime   bool    `json:"group_time"`
	// Change echoes the clinical significance options; null when the
	// section was left out (--change=false).
	Change     *ChangeOptions `json:"change"`
	MixedModel string         `json:"mixed_model"`
}

// Descriptive is one group × scale × time point.
type Descriptive struct {
	Scale      *Scale  `json:"-"`
	Group      string  `json:"group" key:"true"`
	GroupLabel string  `json:"group_label,omitempty" tidy:"-"` // --group-names
	Instrument string  `json:"instrument" key:"true"`
	ScaleCode  string  `json:"scale" key:"true"`
	Time       string  `json:"time" key:"true"`
	N          int     `json:"n"`
	Mean       float64 `json:"mean"`
	SD         float64 `json:"sd"`
	Median     float64 `json:"median"`
	Q1         float64 `json:"q1"`
	Q3         float64 `json:"q3"`
	Min        float64 `json:"min"`
	Max        float64 `json:"max"`
	// Alpha and AlphaStd are Cronbach's alpha raw and standardized, NaN when
	// not computed (given scores, < 2 items, < 2 complete respondents).
	Alpha    float64 `json:"alpha"`
	AlphaStd float64 `json:"alpha_std" tidy:"-"`
	AlphaN   int     `json:"alpha_n" tidy:"-"` // respondents with every item answered
	// Omega is McDonald's omega total from a one-factor ML factor analysis
	// of the same respondents' item correlations; NaN with OmegaNote's
	// reason when not computed (fewer than 3 items, a Heywood case).
	Omega     float64 `json:"omega"`
	OmegaNote string  `json:"omega_note" tidy:"-"`
	Prorated  int     `json:"prorated"`
	Better    string  `json:"better" tidy:"-"`
}

// Paired is one contrast between two time points within a group.
type Paired struct {
	Scale      *Scale  `json:"-"`
	Group      string  `json:"group" key:"true"`
	GroupLabel string  `json:"group_label,omitempty" tidy:"-"` // --group-names
	Instrument string  `json:"instrument" key:"true"`
	ScaleCode  string  `json:"scale" key:"true"`
	From       string  `json:"from" key:"true"`
	To         string  `json:"to" key:"true"`
	N          int     `json:"n"`
	MeanFrom   float64 `json:"mean_from"`
	SDFrom     float64 `json:"sd_from"`
	MeanTo     float64 `json:"mean_to"`
	SDTo       float64 `json:"sd_to"`
	Diff       float64 `json:"diff"` // mean_to − mean_from over the complete pairs
	// DiffCILow and DiffCIHigh bound the mean change (t.test's paired interval).
	DiffCILow  float64 `json:"diff_ci_low"`
	DiffCIHigh float64 `json:"diff_ci_high"`
	Test       string  `json:"test"` // wilcoxon or paired-t
	Method     string  `json:"method"`
	Statistic  float64 `json:"statistic"`
	DF         float64 `json:"df"` // of the paired t-test; NaN for Wilcoxon
	Z          float64 `json:"z"`  // Wilcoxon: see Options.ZConvention
	// NNegative, NPositive and NTies count the pairs whose change (to −
	// from) is negative, positive or zero: SPSS's Ranks table.
	NNegative int     `json:"n_negative"`
	NPositive int     `json:"n_positive"`
	NTies     int     `json:"n_ties"`
	P         float64 `json:"p"`
	PAdj      float64 `json:"p_adjusted"`
	Dz        float64 `json:"d_z"`
	DzCILow   float64 `json:"d_z_ci_low"`
	DzCIHigh  float64 `json:"d_z_ci_high"`
	Dav       float64 `json:"d_av"`
	DavCILow  float64 `json:"d_av_ci_low"`
	DavCIHigh float64 `json:"d_av_ci_high"`
	R         float64 `json:"r"` // z/√n for the signed-rank test
	RCILow    float64 `json:"r_ci_low"`
	RCIHigh   float64 `json:"r_ci_high"`
	// RankBiserial is the matched-pairs rank-biserial correlation of the
	// change (Wilcoxon only).
	RankBiserial       float64 `json:"rank_biserial"`
	RankBiserialCILow  float64 `json:"rank_biserial_ci_low"`
	RankBiserialCIHigh float64 `json:"rank_biserial_ci_high"`
	// Improved and Worsened count changes of at least the definition's
	// clinically important size (COPM only; nil elsewhere).
	Improved *int   `json:"clinically_improved,omitempty" tidy:"-"`
	Worsened *int   `json:"clinically_worsened,omitempty" tidy:"-"`
	Note     string `json:"note"` // why numbers are missing
}

// Omnibus is the test over all time points of a group (complete cases).
type Omnibus struct {
	Scale             *Scale   `json:"-"`
	Group             string   `json:"group" key:"true"`
	GroupLabel        string   `json:"group_label,omitempty" tidy:"-"` // --group-names
	Instrument        string   `json:"instrument" key:"true"`
	ScaleCode         string   `json:"scale" key:"true"`
	Times             []string `json:"times" tidy:"-"`
	N                 int      `json:"n"`
	F                 float64  `json:"f" tidy:"-"`
	DF1               float64  `json:"df1"`
	DF2               float64  `json:"df2"`
	P                 float64  `json:"p"`
	PAdj              float64  `json:"p_adjusted"`
	MauchlyW          float64  `json:"mauchly_w"`
	MauchlyP          float64  `json:"mauchly_p"`
	GGEpsilon         float64  `json:"gg_epsilon"`
	GGP               float64  `json:"gg_p"`
	HFEpsilon         float64  `json:"hf_epsilon"`
	HFP               float64  `json:"hf_p"`
	PartialEtaSq      float64  `json:"partial_eta_sq"`
	PartialEtaSqCILow float64  `json:"partial_eta_sq_ci_low"`
	PartialEtaSqCIHi  float64  `json:"partial_eta_sq_ci_high"`
	GeneralizedEtaSq  float64  `json:"generalized_eta_sq"`
	FriedmanStatistic float64  `json:"friedman_statistic"`
	FriedmanP         float64  `json:"friedman_p"`
	Note              string   `json:"note"`
}

// TidyExtra places an omnibus row in the tidy table: its time span as from
// and to, the test's name, and F as the statistic.
func (o *Omnibus) TidyExtra() map[string]any {
	m := map[string]any{"test": "rmanova", "statistic": o.F}
	if len(o.Times) > 0 {
		m["from"], m["to"] = o.Times[0], o.Times[len(o.Times)-1]
	}
	return m
}

// Between compares two groups at one time point.
type Between struct {
	Scale       *Scale  `json:"-"`
	Instrument  string  `json:"instrument" key:"true"`
	ScaleCode   string  `json:"scale" key:"true"`
	Time        string  `json:"time" key:"true"`
	Group1      string  `json:"group1" key:"true"`
	Group2      string  `json:"group2" key:"true"`
	Group1Label string  `json:"group1_label,omitempty" tidy:"-"` // --group-names
	Group2Label string  `json:"group2_label,omitempty" tidy:"-"`
	N1          int     `json:"n1"`
	N2          int     `json:"n2"`
	Mean1       float64 `json:"mean1"`
	SD1         float64 `json:"sd1"`
	Mean2       float64 `json:"mean2"`
	SD2         float64 `json:"sd2"`
	// Diff is mean1 − mean2, with Welch's interval.
	Diff       float64 `json:"diff"`
	DiffCILow  float64 `json:"diff_ci_low"`
	DiffCIHigh float64 `json:"diff_ci_high"`
	Test       string  `json:"test"`
	Method     string  `json:"method"`
	Statistic  float64 `json:"statistic"` // U of group1 (R's W); with options.like = spss the smaller U, as SPSS prints it
	DF         float64 `json:"df"`        // Welch's df; NaN for Mann-Whitney
	Z          float64 `json:"z"`         // Mann-Whitney: see Options.ZConvention
	P          float64 `json:"p"`
	PAdj       float64 `json:"p_adjusted"`
	R          float64 `json:"r"`
	RCILow     float64 `json:"r_ci_low"`
	RCIHigh    float64 `json:"r_ci_high"`
	// RankBiserial is 2U/(n1·n2) − 1, positive when group1 tends to score
	// higher (Mann-Whitney only).
	RankBiserial       float64 `json:"rank_biserial"`
	RankBiserialCILow  float64 `json:"rank_biserial_ci_low"`
	RankBiserialCIHigh float64 `json:"rank_biserial_ci_high"`
	D                  float64 `json:"d"`
	DCILow             float64 `json:"d_ci_low"`
	DCIHigh            float64 `json:"d_ci_high"`
	Note               string  `json:"note"`
}

// Analysis is everything analyze reports. Its JSON is the object of
// docs/json.md: input, options, one array per section, warnings.
type Analysis struct {
	Input        Input
	Options      Options
	Scales       []*Scale
	Descriptives []*Descriptive
	Paired       []*Paired
	Omnibus      []*Omnibus
	Between      []*Between
	GroupTime    []*GroupTime
	// Change is empty when clinical significance was not asked for.
	Change []*Change
	// ChangeParticipants are the per-participant categories behind Change
	// (pssa change --per-participant); not a section.
	ChangeParticipants []*ChangeParticipant
	Warnings           []string
}

// Section is one array of result rows.
type Section struct {
	Key  string // the JSON key of the array
	Name string // the section's name in the tidy csv/tsv
	Rows any    // a slice of pointers to one row type
}

// Sections lists the result arrays in the order every writer uses. A new
// kind of result is added here once; JSON, tidy csv/tsv and check follow.
func (a *Analysis) Sections() []Section {
	return []Section{
		{"descriptives", "descriptive", a.Descriptives},
		{"paired", "paired", a.Paired},
		{"omnibus", "omnibus", a.Omnibus},
		{"between", "between", a.Between},
		{"group_time", "group_time", a.GroupTime},
		{"change", "change", a.Change},
	}
}
