package ghapp

import (
	"context"
	"sync"
	"time"
)

// A StateStore keeps the pending flows of a [ManifestFlow] between the form
// page and GitHub's redirect back: ManifestFlow puts a flow's data under
// its state when it serves the form, and takes it back when the browser
// returns with that state. The data is the flow's own (its [Target] and
// expiry, a few hundred bytes), holds no secret, and is checked again when
// taken.
//
// A store shared by several replicas of a service (Redis, a database) lets
// any of them complete a flow another started; its Take must then be atomic
// across them (GETDEL, DELETE ... RETURNING), since it is what makes the
// code exchange run once per state.
type StateStore interface {
	// Put stores data under state until expires. An error refuses the
	// flow: ManifestFlow answers 503 when it wraps [ErrStoreFull], 500
	// otherwise. When the error, or one it wraps, has a method
	// RetryAfter() time.Duration, the 503 has a Retry-After header of
	// that many seconds (at least 1, at most 3600); otherwise it has none.
	// The default store's gives the time until its first pending flow
	// expires.
	Put(ctx context.Context, state string, data []byte, expires time.Time) error
	// Take returns the data stored under state and removes it, so that it
	// is given out at most once: of concurrent calls for one state, one
	// gets the data. When there is none (never put, taken already, or
	// expired) it returns an error wrapping [ErrUnknownState].
	Take(ctx context.Context, state string) ([]byte, error)
}

// maxPendingFlows is how many pending flows the in-memory store holds at
// most: about 3 MB of memory.
const maxPendingFlows = 10000

// flowLifetime is how long a flow may take from the form to the callback:
// the lifetime of GitHub's manifest code.
const flowLifetime = time.Hour

// memoryStore is the default StateStore: a map bounded to max entries,
// expired ones dropped as time goes on. Past max, Put fails with
// ErrStoreFull rather than drop a pending flow: dropping one would lose
// the credentials of an app its person is confirming on GitHub. The error
// says when the first pending flow expires (a *retryError).
type memoryStore struct {
	max int
	now func() time.Time

	mu        sync.Mutex
	entries   map[string]memoryEntry
	queue     []queuedState // states in the order they were put, for expiry
	seq       uint64        // numbers the Puts, so that a queued state names one
	lastSweep time.Time
}

type memoryEntry struct {
	data    []byte
	expires time.Time
	seq     uint64
}

type queuedState struct {
	state   string
	expires time.Time
	seq     uint64 // the Put that queued it: stale once the state is taken or put again
}

func newMemoryStore(max int, now func() time.Time) *memoryStore {
	return &memoryStore{max: max, now: now, entries: map[string]memoryEntry{}}
}

// Put stores data, or fails with ErrStoreFull when max flows are pending.
func (s *memoryStore) Put(_ context.Context, state string, data []byte, expires time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	s.dropExpired(now)
	if _, replace := s.entries[state]; !replace && len(s.entries) >= s.max {
		// Entries put with a later expiry may sit in front of expired
		// ones; look at all of them, at most once a second.
		if now.Sub(s.lastSweep) >= time.Second {
			s.lastSweep = now
			for k, e := range s.entries {
				if !now.Before(e.expires) {
					delete(s.entries, k)
				}
			}
		}
		if len(s.entries) >= s.max {
			return &retryError{ErrStoreFull, s.firstExpiry().Sub(now)}
		}
	}
	s.seq++
	s.entries[state] = memoryEntry{data: append([]byte(nil), data...), expires: expires, seq: s.seq}
	s.queue = append(s.queue, queuedState{state, expires, s.seq})
	if len(s.queue) > 2*s.max+16 {
		s.compact()
	}
	return nil
}

// Take returns and removes the data under state, if it has not expired.
func (s *memoryStore) Take(_ context.Context, state string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.entries[state]
	if !ok {
		return nil, ErrUnknownState
	}
	delete(s.entries, state)
	if !s.now().Before(e.expires) {
		return nil, ErrUnknownState
	}
	return e.data, nil
}

// dropExpired removes the entries at the front of the queue that expired.
func (s *memoryStore) dropExpired(now time.Time) {
	i := 0
	for ; i < len(s.queue) && !now.Before(s.queue[i].expires); i++ {
		q := s.queue[i]
		if e, ok := s.entries[q.state]; ok && e.seq == q.seq {
			delete(s.entries, q.state)
		}
	}
	clear(s.queue[:i]) // the array's front is dropped when append next grows it
	s.queue = s.queue[i:]
}

// firstExpiry drops the states taken already from the front of the queue
// and returns when the first state left expires: by then its room is
// free. It is the earliest expiry when the flows are put with expiries in
// the order they were put, as ManifestFlow puts them, and a later one
// otherwise. With nothing queued, it returns the time a flow lasts from
// now.
func (s *memoryStore) firstExpiry() time.Time {
	i := 0
	for ; i < len(s.queue); i++ {
		q := s.queue[i]
		if e, ok := s.entries[q.state]; ok && e.seq == q.seq {
			break
		}
	}
	clear(s.queue[:i])
	s.queue = s.queue[i:]
	if len(s.queue) == 0 {
		return s.now().Add(flowLifetime)
	}
	return s.queue[0].expires
}

// compact drops from the queue the states taken already, so that it stays
// within a few times max however many flows start and end.
func (s *memoryStore) compact() {
	kept := s.queue[:0]
	for _, q := range s.queue {
		if e, ok := s.entries[q.state]; ok && e.seq == q.seq {
			kept = append(kept, q)
		}
	}
	clear(s.queue[len(kept):])
	s.queue = kept
}

// len returns the number of entries held, expired ones among them.
func (s *memoryStore) len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.entries)
}
