package results

// Change is the clinical significance of one group's change on one scale
// between two time points (pssa change, and the change section of analyze):
// how many participants recovered, improved, were unchanged, deteriorated or
// were harmed, by the Jacobson–Truax reliable change index (method jt),
// Hageman–Arrindell's RC_indiv (ha) or the definition's minimal important
// difference (mid). Counts are null when the row could not be computed (the
// note says why); n_recovered and n_harmed are null when there is no cutoff.
// test and p compare the categories across the groups of the same contrast
// and are the same on each of those groups' rows.
type Change struct {
	Scale             *Scale  `json:"-"`
	Group             string  `json:"group" key:"true"`
	Instrument        string  `json:"instrument" key:"true"`
	ScaleCode         string  `json:"scale" key:"true"`
	From              string  `json:"from" key:"true"`
	To                string  `json:"to" key:"true"`
	N                 int     `json:"n"`
	Method            string  `json:"method" key:"true"` // jt, ha or mid
	Reliability       float64 `json:"reliability"`
	ReliabilitySource string  `json:"reliability_source"`
	SDFrom            float64 `json:"sd_from"`
	// SDN is how many participants the SD comes from (0 for a norm's SD).
	SDN   int     `json:"sd_n" tidy:"-"`
	SDiff float64 `json:"s_diff"` // the index's denominator (the MID for mid)
	// RDD is Hageman–Arrindell's reliability of the difference scores.
	RDD           float64 `json:"r_dd" tidy:"-"`
	CutoffKind    *string `json:"cutoff_kind"` // a, b or c; null without a cutoff
	Cutoff        float64 `json:"cutoff"`
	NRecovered    *int    `json:"n_recovered"`
	NImproved     *int    `json:"n_improved"`
	NUnchanged    *int    `json:"n_unchanged"`
	NDeteriorated *int    `json:"n_deteriorated"`
	NHarmed       *int    `json:"n_harmed"`
	Test          *string `json:"test"` // fisher or chisq; null with one group or < 2 categories
	P             float64 `json:"p"`
	Note          string  `json:"note"`
}

// ChangeParticipant is one participant's change on one scale (pssa change
// --per-participant).
type ChangeParticipant struct {
	ID         string  `json:"id"`
	Group      string  `json:"group"`
	Instrument string  `json:"instrument"`
	ScaleCode  string  `json:"scale"`
	From       string  `json:"from"`
	To         string  `json:"to"`
	ScoreFrom  float64 `json:"score_from"`
	ScoreTo    float64 `json:"score_to"`
	Difference float64 `json:"difference"`
	RCI        float64 `json:"rci"` // null for the mid method
	Category   string  `json:"category"`
	Method     string  `json:"method"`
	// Row is the participant's row in the dataset (ID is filled from it).
	Row int `json:"-"`
}

// ChangeOptions echoes how the change rows were made.
type ChangeOptions struct {
	RCI    string  `json:"rci"`    // jt, or ha (jt and ha rows)
	SD     string  `json:"rci_sd"` // group, pooled or norm
	Z      float64 `json:"rci_z"`
	Cutoff string  `json:"cutoff"` // auto, a, b or c
	// Reliability and Norms are the values given on the command line,
	// sorted ("study" for --reliability study).
	Reliability []string `json:"reliability"`
	Norms       []string `json:"norms"`
}
