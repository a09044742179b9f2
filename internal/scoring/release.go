package scoring

import (
	"sync"

	"github.com/pssa-project/pssa/internal/dataset"
)

// ItemRelease frees the item and rating columns' responses as an analysis
// finishes with them, for a caller that reads neither the items nor the
// scores after it (pssa analyze: on a registry the responses are most of
// what stays in memory; see docs/architecture.md, "Speed and memory"). A column is
// freed once every score that was given to ReleaseItemsAfter and reads it
// is Done: its responses, and every score's packed view of them, so that
// nothing keeps them reachable.
type ItemRelease struct {
	mu    sync.Mutex
	users map[*dataset.Column]int      // the given scores not yet done that read the column
	views map[*dataset.Column][]*Score // every score that reads the column
	done  map[*Score]bool              // the given scores: whether done
}

// ReleaseItemsAfter returns an ItemRelease for the scores an analysis
// will compute. After a column is freed, reading it panics, as do the
// computations of the scores formed from it (Compute, ItemRow, and Ratio
// of a score held as float64 values).
func (sc *Scores) ReleaseItemsAfter(scores []*Score) *ItemRelease {
	r := &ItemRelease{users: map[*dataset.Column]int{}, views: map[*dataset.Column][]*Score{}, done: map[*Score]bool{}}
	for _, s := range scores {
		if _, dup := r.done[s]; dup {
			continue
		}
		r.done[s] = false
		for _, c := range s.cols {
			r.users[c]++
		}
	}
	for _, s := range sc.Scores {
		for _, c := range s.cols {
			r.views[c] = append(r.views[c], s)
		}
	}
	return r
}

// Done says that s no longer reads its columns: it was released, or it is
// held in keys (ReadsItems is false) and its items' other use (ItemRow) is
// over. Further calls for s do nothing, as do calls for a score not given
// to ReleaseItemsAfter and calls on a nil ItemRelease.
func (r *ItemRelease) Done(s *Score) {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if done, given := r.done[s]; done || !given {
		return
	}
	r.done[s] = true
	for _, c := range s.cols {
		r.users[c]--
		if r.users[c] > 0 {
			continue
		}
		c.ReleaseResponses()
		for _, v := range r.views[c] {
			v.packed = nil
		}
	}
}

// ReadsItems reports whether s's values or ratios are read from its
// columns: true unless it is computed in keys form, which holds its own
// (the float64 form's Ratio and the nib form's values read them).
func (s *Score) ReadsItems() bool { return s.keys == nil && len(s.cols) > 0 }
