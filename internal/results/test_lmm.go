package results

// LMMTest is `pssa test lmm`: the linear mixed model of the --cols time
// points between the groups of --by on all available observations.
type LMMTest struct {
	Caption
	Test                 string           `json:"test"`
	Covariance           string           `json:"covariance"` // ri or un
	Effects              []LMMEffect      `json:"effects"`
	EMMeans              []LMMEMM         `json:"emmeans"`
	Changes              []LMMChange      `json:"changes"`
	InteractionContrasts []LMMInteraction `json:"interaction_contrasts"`
	NParticipants        int              `json:"n_participants"` // with at least one observation
	NObservations        int              `json:"n_observations"`
	NPartial             int              `json:"n_partial"` // participants with only some time points
	REMLLogLik           float64          `json:"reml_loglik"`
	Iterations           int              `json:"iterations"` // of the REML optimiser
	Groups               []string         `json:"groups"`
	Times                []string         `json:"times"`
	Warnings             []string         `json:"warnings,omitempty"`
	Subset
}

// LMMEffect is a type III F test of the mixed model with Satterthwaite's
// denominator df.
type LMMEffect struct {
	Effect string  `json:"effect" key:"true"`
	DF1    float64 `json:"df1"`
	DF2    float64 `json:"df2"`
	F      float64 `json:"f"`
	P      float64 `json:"p"`
	Note   string  `json:"note"`
}

// LMMEMM is an estimated marginal mean of a group at a time point.
type LMMEMM struct {
	Group    string  `json:"group" key:"true"`
	Time     string  `json:"time" key:"true"`
	Estimate float64 `json:"estimate"`
	SE       float64 `json:"se"`
	DF       float64 `json:"df"`
	CILow    float64 `json:"ci_low"`
	CIHigh   float64 `json:"ci_high"`
	Note     string  `json:"note"`
}

// LMMChange is the change within a group from one time point to the next
// (to − from).
type LMMChange struct {
	Group    string  `json:"group" key:"true"`
	From     string  `json:"from" key:"true"`
	To       string  `json:"to" key:"true"`
	Estimate float64 `json:"estimate"`
	SE       float64 `json:"se"`
	DF       float64 `json:"df"`
	CILow    float64 `json:"ci_low"`
	CIHigh   float64 `json:"ci_high"`
	P        float64 `json:"p"`
	Note     string  `json:"note"`
}

// LMMInteraction is the difference in change between two groups:
// group1's change − group2's change from one time point to the next.
type LMMInteraction struct {
	From     string  `json:"from" key:"true"`
	To       string  `json:"to" key:"true"`
	Group1   string  `json:"group1" key:"true"`
	Group2   string  `json:"group2" key:"true"`
	Estimate float64 `json:"estimate"`
	SE       float64 `json:"se"`
	DF       float64 `json:"df"`
	CILow    float64 `json:"ci_low"`
	CIHigh   float64 `json:"ci_high"`
	P        float64 `json:"p"`
	Note     string  `json:"note"`
}
