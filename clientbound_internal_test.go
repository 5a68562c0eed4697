package ghapp

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestClientBound(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	b := newClientBound(2)
	var waits []time.Duration
	reserve := func(client, state string, at time.Duration) {
		waits = append(waits, b.reserve(client, state, t0.Add(at), t0.Add(at+flowLifetime)))
	}
	reserve("x", "s1", 0)
	reserve("x", "s2", time.Minute)
	reserve("x", "s3", 2*time.Minute) // full: s1 expires in 58 minutes
	reserve("y", "s4", 2*time.Minute) // another client
	b.release("s1")                   // s1's callback came
	b.release("s1")                   // and again: nothing
	b.release("never")
	reserve("x", "s5", 3*time.Minute)
	reserve("x", "s6", 4*time.Minute)                                        // full: s2 expires in 57 minutes
	reserve("x", "s7", time.Hour+time.Minute)                                // s2 has expired
	reserve("x", "s8", time.Hour+2*time.Minute+59*time.Second+time.Second/2) // s5 expires in half a second: one, at least
	want := []time.Duration{0, 0, 58 * time.Minute, 0, 0, 57 * time.Minute, 0, time.Second}
	if diff := cmp.Diff(want, waits); diff != "" {
		t.Errorf("waits mismatch (-want +got):\n%s", diff)
	}
	if b.marks != len(b.owner) || b.marks != 3 { // s4, s5, s7
		t.Errorf("%d marks, %d owners, want 3", b.marks, len(b.owner))
	}
}

// TestClientBoundBounded: marks of clients that never come back are
// dropped once expired, so the bound's memory follows the flows pending,
// not every client ever seen.
func TestClientBoundBounded(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	b := newClientBound(10)
	for i := 0; i < 20000; i++ {
		now := t0.Add(time.Duration(i) * time.Second) // one new client a second
		b.reserve("client"+strconv.Itoa(i), "state"+strconv.Itoa(i), now, now.Add(10*time.Minute))
	}
	// 600 are pending; the rest expired long ago.
	if b.marks > 2*600+1024 || len(b.clients) > b.marks || len(b.owner) != b.marks {
		t.Errorf("%d marks, %d clients, %d owners held for 600 pending flows", b.marks, len(b.clients), len(b.owner))
	}
}

func TestClientAddr(t *testing.T) {
	tests := []struct{ remote, want string }{
		{"192.0.2.1:1234", "192.0.2.1"},
		{"[::ffff:192.0.2.1]:1234", "192.0.2.1"},
		{"[2001:db8:1:2:3:4:5:6]:1", "2001:db8:1:2::/64"},
		{"[fe80::1%eth0]:1", "fe80::/64"},
		{"[::1]:1", "::/64"},
		{"@", "@"}, // a Unix socket's, kept as it is
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.remote, func(t *testing.T) {
			if got := clientAddr(&http.Request{RemoteAddr: tt.remote}); got != tt.want {
				t.Errorf("clientAddr(%q) = %q, want %q", tt.remote, got, tt.want)
			}
		})
	}
}
