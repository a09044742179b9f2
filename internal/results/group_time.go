package results

// GroupTime is one group × time comparison of a scale: the change From → To
// (later − earlier) of Group1 against that of Group2, beside the scale's
// group × time interaction tests over all its shared time points (repeated on
// each row of the scale so that every row stands alone in the tidy table).
type GroupTime struct {
	Scale      *Scale   `json:"-"`
	Instrument string   `json:"instrument" key:"true"`
	ScaleCode  string   `json:"scale" key:"true"`
	From       string   `json:"from" key:"true"`
	To         string   `json:"to" key:"true"`
	Group1     string   `json:"group1" key:"true"`
	Group2     string   `json:"group2" key:"true"`
	Groups     []string `json:"groups" tidy:"-"` // groups in the interaction tests
	Times      []string `json:"times" tidy:"-"`  // time points in the interaction tests

	// Mixed (split-plot) ANOVA, type III, complete cases: the group:time
	// effect. ANOVAN counts the participants observed at every time point;
	// ANOVADropped those of the groups left out for a missing one.
	ANOVAN            int     `json:"anova_n"`
	ANOVADropped      int     `json:"anova_dropped"`
	ANOVAF            float64 `json:"anova_f"`
	ANOVADF1          float64 `json:"anova_df1"`
	ANOVADF2          float64 `json:"anova_df2"`
	ANOVAP            float64 `json:"anova_p"`
	ANOVAGGP          float64 `json:"anova_gg_p"`
	ANOVAHFP          float64 `json:"anova_hf_p"`
	ANOVAGenEtaSq     float64 `json:"anova_generalized_eta_sq"`
	ANOVAPartialEtaSq float64 `json:"anova_partial_eta_sq"`
	ANOVANote         string  `json:"anova_note"`

	// Mann–Whitney U test of the change scores, on the participants of each
	// group observed at both From and To. ChangeMean1/2 are the mean changes.
	ChangeN1     int     `json:"change_n1"`
	ChangeN2     int     `json:"change_n2"`
	ChangeMean1  float64 `json:"change_mean1"`
	ChangeMean2  float64 `json:"change_mean2"`
	ChangeU      float64 `json:"change_u"` // U of Group1 (R's W)
	ChangeZ      float64 `json:"change_z"`
	ChangeP      float64 `json:"change_p"`
	ChangeR      float64 `json:"change_r"` // z/√(n1 + n2), positive when Group1 changes more
	ChangeMethod string  `json:"change_method"`
	ChangeNote   string  `json:"change_note"`

	// Linear mixed model on all available observations (--mixed-model ri or
	// un; null and "" with none): the group:time F test (Satterthwaite df2),
	// the change From → To of each group and the difference in change
	// (Group1 − Group2) with its SE, df, 95% CI and p. LMMNPartial counts the
	// participants who contributed some but not all time points.
	LMMCovariance    string  `json:"lmm_covariance"`
	LMMNParticipants int     `json:"lmm_n_participants"`
	LMMNObservations int     `json:"lmm_n_observations"`
	LMMNPartial      int     `json:"lmm_n_partial"`
	LMMF             float64 `json:"lmm_f"`
	LMMDF1           float64 `json:"lmm_df1"`
	LMMDF2           float64 `json:"lmm_df2"`
	LMMP             float64 `json:"lmm_p"`
	LMMChange1       float64 `json:"lmm_change1"`
	LMMChange1CILow  float64 `json:"lmm_change1_ci_low"`
	LMMChange1CIHigh float64 `json:"lmm_change1_ci_high"`
	LMMChange2       float64 `json:"lmm_change2"`
	LMMChange2CILow  float64 `json:"lmm_change2_ci_low"`
	LMMChange2CIHigh float64 `json:"lmm_change2_ci_high"`
	LMMDiff          float64 `json:"lmm_diff"`
	LMMDiffSE        float64 `json:"lmm_diff_se"`
	LMMDiffDF        float64 `json:"lmm_diff_df"`
	LMMDiffCILow     float64 `json:"lmm_diff_ci_low"`
	LMMDiffCIHigh    float64 `json:"lmm_diff_ci_high"`
	LMMDiffP         float64 `json:"lmm_diff_p"`
	LMMNote          string  `json:"lmm_note"`
}
