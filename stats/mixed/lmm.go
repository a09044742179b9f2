package mixed

import (
	"fmt"
	"math"

	"github.com/pssa-project/pssa/stats"
)

// Covariance is the within-participant covariance structure of a linear
// mixed model.
type Covariance int

const (
	// RandomIntercept: V_i = σ²I + τ²J, a random intercept per participant
	// (lme4::lmer(y ~ group*time + (1|id))).
	RandomIntercept Covariance = iota
	// Unstructured: V_i = Σ restricted to participant i's time points, Σ any
	// positive-definite k×k matrix (an MMRM: nlme::gls with corSymm and
	// varIdent by time).
	Unstructured
)

// String gives the short name used on the command line: "ri" or "un".
func (c Covariance) String() string {
	switch c {
	case RandomIntercept:
		return "ri"
	case Unstructured:
		return "un"
	}
	return fmt.Sprintf("Covariance(%d)", int(c))
}

// ParseCovariance reads "ri" or "un".
func ParseCovariance(s string) (Covariance, error) {
	switch s {
	case "ri", "":
		return RandomIntercept, nil
	case "un":
		return Unstructured, nil
	}
	return RandomIntercept, fmt.Errorf("covariance %q is not one of ri, un", s)
}

// LMMOptions are the settings of FitLMMWith.
type LMMOptions struct {
	Covariance Covariance
	// Level is the confidence level of the intervals; 0 means 0.95.
	Level float64
	// MaxIterations bounds the BFGS iterations; 0 means 500.
	MaxIterations int
	// NoEMMeans leaves EMMeans out: analyze reports the changes, the
	// interaction contrasts and the F tests only, and each mean's interval
	// (a Satterthwaite df and a t quantile) is a tenth of a study's fit.
	NoEMMeans bool
	// Effects names the type III F tests to compute (of "group", "time" and
	// "group:time", in that order in the result); nil means all three.
	Effects []string
}

// LMMEffect is a type III F test of a fixed effect ("group", "time" or
// "group:time"). Reason says why the numbers are NaN, if they are.
type LMMEffect struct {
	Effect         string
	DF1, DF2, F, P float64
	Reason         string
}

// EMM is the estimated marginal mean of one group at one time point.
type EMM struct {
	Group, Time                     string
	Estimate, SE, DF, CILow, CIHigh float64
	Reason                          string // why it is not estimable
}

// Change is the change within a group between consecutive time points:
// mean at To − mean at From.
type Change struct {
	Group, From, To                    string
	Estimate, SE, DF, CILow, CIHigh, P float64
	Reason                             string
}

// InteractionContrast is the difference in change between two groups:
// (Group1 at To − Group1 at From) − (Group2 at To − Group2 at From).
type InteractionContrast struct {
	From, To, Group1, Group2           string
	Estimate, SE, DF, CILow, CIHigh, P float64
	Reason                             string
}

// LMMResult is the outcome of FitLMM.
type LMMResult struct {
	Covariance           string // "ri" or "un"
	Level                float64
	Effects              []LMMEffect // group, time, group:time
	EMMeans              []EMM       // group-major: every time point of the first group, then the next
	Changes              []Change    // group-major, consecutive time points
	InteractionContrasts []InteractionContrast
	NParticipants        int // participants with at least one observation
	NObservations        int
	NPartial             int // participants with some but not all time points
	// REMLLogLik is the REML log-likelihood as R reports it (logLik of the
	// lmer or gls fit, X in the sum-to-zero coding).
	REMLLogLik float64
	Iterations int  // BFGS major iterations
	Converged  bool // the gradient criterion of FitLMMWith was met
	// Sigma is the residual covariance matrix of the time points, Σ (ri:
	// σ²I + τ²J); Sigma2 and Tau2 the ri variance components (Tau2 NaN for un).
	Sigma        [][]float64
	Sigma2, Tau2 float64
	// Warnings: boundary estimates, empty cells, and the like.
	Warnings []string
}

// FitLMM fits the linear mixed model y ~ group*time with the given
// covariance by REML on all available observations; see FitLMMWith.
func FitLMM(d Design, cov Covariance) (*LMMResult, error) {
	return FitLMMWith(d, LMMOptions{Covariance: cov})
}

// MaxUnstructuredTimes bounds the unstructured (MMRM) model: its
// k(k+1)/2 covariance parameters make the REML fit and the Satterthwaite
// Hessian grow fast (20 s at 12 time points, minutes beyond), far past the
// pre/post designs it is for.
const MaxUnstructuredTimes = 8

// FitLMMWith fits the linear mixed model for a group × time design on all
// available observations (a participant missing some time points still
// contributes the others): fixed effects group, time and group × time with
// sum-to-zero contrasts, estimated by REML, with
//
//   - RandomIntercept: = lmerTest::lmer(y ~ group*time + (1|id)) with type III
//     F tests and Satterthwaite df as anova(m, type = 3);
//   - Unstructured: = nlme::gls(y ~ group*time, correlation = corSymm(form =
//     ~ t | id), weights = varIdent(form = ~ 1 | time), method = "REML") with
//     type III F tests as emmeans::joint_tests and Satterthwaite df as
//     emmeans' mode = "satterthwaite";
//
// and, for both, estimated marginal means per group × time (emmeans(m, ~
// group*time)), the changes between consecutive time points within each group
// (contrast(emmeans(m, ~ time | group), "consec")) and the interaction
// contrasts for every pair of groups (contrast(emm, interaction =
// c("pairwise", "consec"))), with Satterthwaite df from the observed
// information (the Hessian of the REML criterion), t-based confidence
// intervals and unadjusted two-sided p-values.
//
// The REML criterion, the parametrisations, the optimiser and its
// convergence criterion are described at reml; Satterthwaite's df at
// satterthwaite.
//
// Degenerate designs return an error (*stats.DegenerateError) with the
// reason: fewer than 2 groups or time points, a group without data, a group
// with a single participant, no residual degrees of freedom, no variance, an
// unidentified covariance, non-convergence (the result is returned too, with
// Converged false and the iteration count). A group with no data at a time
// point makes that cell's mean not estimable: its EMM and the contrasts using
// it are NaN with a Reason; the ri F tests are lmerTest's for the
// rank-deficient design (fewer df), the un ones NaN with a Reason.
func FitLMMWith(d Design, opt LMMOptions) (*LMMResult, error) {
	level := opt.Level
	if level == 0 {
		level = 0.95
	}
	if !(level > 0 && level < 1) {
		return nil, fmt.Errorf("confidence level %v is not between 0 and 1", level)
	}
	s, err := newSuffStats(d)
	if err != nil {
		return nil, err
	}
	var cm covModel
	switch opt.Covariance {
	case RandomIntercept:
		cm = riModel{k: s.k}
	case Unstructured:
		if s.k > MaxUnstructuredTimes {
			return nil, &stats.DegenerateError{Reason: fmt.Sprintf(
				"an unstructured covariance over %d time points has %d parameters, more than pssa fits (at most %d time points, %d parameters); use the random-intercept model (ri)",
				s.k, s.k*(s.k+1)/2, MaxUnstructuredTimes, MaxUnstructuredTimes*(MaxUnstructuredTimes+1)/2)}
		}
		if err := s.checkPairs(d.Times); err != nil {
			return nil, err
		}
		cm = unModel{k: s.k}
	default:
		return nil, fmt.Errorf("unknown covariance structure %v", opt.Covariance)
	}
	res := &LMMResult{
		Covariance:    opt.Covariance.String(),
		Level:         level,
		NParticipants: s.nPart,
		NObservations: s.nObs,
		NPartial:      s.nPartial,
		Sigma2:        math.NaN(),
		Tau2:          math.NaN(),
		REMLLogLik:    math.NaN(),
	}
	for _, c := range s.emptyCells {
		res.Warnings = append(res.Warnings, fmt.Sprintf("group %s has no data at %s: its mean there is not estimable", d.Groups[c[0]], d.Times[c[1]]))
	}
	maxIter := opt.MaxIterations
	if maxIter <= 0 {
		maxIter = defaultMaxIterations
	}
	f, err := fitREML(s, cm, maxIter)
	if f != nil {
		res.Iterations = f.iterations
		res.Converged = f.converged
	}
	if err != nil {
		return res, err
	}
	if opt.Covariance == RandomIntercept && f.theta[0]*f.theta[0] > 1e10 {
		return res, lmmDegenerate("the residual variance is estimated as 0: each participant's values differ from the group means by a constant (no within-participant variation left for the model)")
	}
	if opt.Covariance == Unstructured && singular(f.w) {
		return res, lmmDegenerate("the estimated covariance matrix of the time points is singular (a correlation of ±1 or a variance of 0)")
	}
	res.REMLLogLik = -(f.dev + s.logDetK2) / 2
	res.Sigma = f.sigmaMatrix()
	if opt.Covariance == RandomIntercept {
		res.Sigma2 = f.sigma2
		res.Tau2 = f.sigma2 * f.theta[0] * f.theta[0]
		if f.theta[0] == 0 {
			res.Warnings = append(res.Warnings, "the random-intercept variance is estimated as 0 (a boundary fit, as lmer's singular fit)")
		}
	}
	inf, err := newInference(s, cm, f)
	if err != nil {
		return res, err
	}
	inf.fill(res, d, opt, level)
	return res, nil
}

func lmmDegenerate(format string, args ...any) error {
	return &stats.DegenerateError{Reason: fmt.Sprintf(format, args...)}
}
