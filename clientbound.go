package ghapp

import (
	"errors"
	"net"
	"net/http"
	"net/netip"
	"slices"
	"sync"
	"time"
)

// defaultPendingPerClient is how many flows one client may have pending
// at once when ManifestFlow.MaxPendingPerClient is zero: enough for a
// person with a few tabs, a thousandth of the default store.
const defaultPendingPerClient = 10

// clientBound counts the pending flows each client of a ManifestFlow
// started, so that no one client takes the whole store. A flow counts from
// its start until its state is taken by a callback or it expires. The
// counts are this process's: behind several replicas, each counts the
// flows it started.
type clientBound struct {
	max int

	mu      sync.Mutex
	clients map[string][]pendingMark // by client key
	owner   map[string]string        // the client key of each pending state
	marks   int                      // the marks held, expired ones among them
	sweepAt int                      // when marks reaches it, drop every expired one
}

// A pendingMark is one flow a client started.
type pendingMark struct {
	state   string
	expires time.Time
}

func newClientBound(max int) *clientBound {
	return &clientBound{max: max, clients: map[string][]pendingMark{}, owner: map[string]string{}, sweepAt: 1024}
}

// reserve counts the flow with state as client's, pending until expires,
// and returns 0; or, when client has max flows pending at now, counts
// nothing and returns how long until the first of them expires.
func (b *clientBound) reserve(client, state string, now, expires time.Time) (wait time.Duration) {
	b.mu.Lock()
	defer b.mu.Unlock()
	marks := b.prune(client, now)
	if len(marks) >= b.max {
		first := marks[0].expires
		for _, m := range marks[1:] {
			if m.expires.Before(first) {
				first = m.expires
			}
		}
		return max(first.Sub(now), time.Second)
	}
	b.clients[client] = append(marks, pendingMark{state, expires})
	b.owner[state] = client
	b.marks++
	if b.marks >= b.sweepAt {
		for c := range b.clients {
			b.prune(c, now)
		}
		b.sweepAt = max(2*b.marks, 1024)
	}
	return 0
}

// prune drops client's expired marks and returns those left. Under b.mu.
func (b *clientBound) prune(client string, now time.Time) []pendingMark {
	marks := b.clients[client]
	kept := marks[:0]
	for _, m := range marks {
		if now.Before(m.expires) {
			kept = append(kept, m)
			continue
		}
		delete(b.owner, m.state)
		b.marks--
	}
	clear(marks[len(kept):])
	if len(kept) == 0 {
		delete(b.clients, client)
		return nil
	}
	b.clients[client] = kept
	return kept
}

// release stops counting the flow with state: it is no longer pending.
func (b *clientBound) release(state string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	client, ok := b.owner[state]
	if !ok {
		return
	}
	delete(b.owner, state)
	b.marks--
	marks := slices.DeleteFunc(b.clients[client], func(m pendingMark) bool { return m.state == state })
	if len(marks) == 0 {
		delete(b.clients, client)
	} else {
		b.clients[client] = marks
	}
}

// clientAddr returns the key the per-client bound counts r under by
// default: the host of r.RemoteAddr, and for IPv6 its /64 prefix, the
// block one household or machine is usually given.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	ip = ip.WithZone("").Unmap()
	if ip.Is6() {
		if p, err := ip.Prefix(64); err == nil {
			return p.String()
		}
	}
	return ip.String()
}

// forwarded reports whether r names a proxy: an X-Forwarded-For or
// Forwarded header, which a platform behind a proxy receives.
func forwarded(r *http.Request) bool {
	return r.Header.Get("X-Forwarded-For") != "" || r.Header.Get("Forwarded") != ""
}

// retryError is an error that says when to try again: ErrStoreFull from
// the default store, ErrTooManyPending from the per-client bound.
type retryError struct {
	err   error
	after time.Duration
}

func (e *retryError) Error() string { return e.err.Error() }

func (e *retryError) Unwrap() error { return e.err }

// RetryAfter returns how long until there is room again, if nothing else
// starts meanwhile: the time until the first pending flow expires.
func (e *retryError) RetryAfter() time.Duration { return e.after }

// retryAfter returns the seconds a Retry-After header gives for err, at
// least one and at most an hour (the life of a flow), and whether err says
// when to retry at all: it, or an error it wraps, has a method
// RetryAfter() time.Duration.
func retryAfter(err error) (seconds int, ok bool) {
	var ra interface{ RetryAfter() time.Duration }
	if !errors.As(err, &ra) {
		return 0, false
	}
	d := min(max(ra.RetryAfter(), time.Second), flowLifetime)
	return int((d + time.Second - 1) / time.Second), true
}
