package results

// MixedANOVATest is `pssa test mixed`: the mixed (split-plot) ANOVA of the
// --cols time points between the groups of --by, on complete cases.
type MixedANOVATest struct {
	Caption
	Test    string             `json:"test"`
	Effects []MixedANOVAEffect `json:"effects"`
	// MauchlyW and MauchlyP test sphericity of the within effects (null with
	// two time points).
	MauchlyW  float64  `json:"mauchly_w"`
	MauchlyP  float64  `json:"mauchly_p"`
	N         int      `json:"n"`           // participants observed at every time point
	NPerGroup []int    `json:"n_per_group"` // of N, per group in Groups order
	NDropped  int      `json:"n_dropped"`   // rows of those groups left out for a missing value
	Groups    []string `json:"groups"`
	Times     []string `json:"times"`
	Subset
}

// MixedANOVAEffect is one effect of the mixed ANOVA: group, time or
// group:time. The epsilons and corrected p-values are null for group.
type MixedANOVAEffect struct {
	Effect           string  `json:"effect"`
	DF1              float64 `json:"df1"`
	DF2              float64 `json:"df2"`
	F                float64 `json:"f"`
	P                float64 `json:"p"`
	PartialEtaSq     float64 `json:"partial_eta_sq"`
	GeneralizedEtaSq float64 `json:"generalized_eta_sq"`
	GGEpsilon        float64 `json:"gg_epsilon"`
	GGP              float64 `json:"gg_p"`
	HFEpsilon        float64 `json:"hf_epsilon"`
	HFP              float64 `json:"hf_p"`
}
