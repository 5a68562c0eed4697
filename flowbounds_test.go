package ghapp_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ghapp-dev/ghapp"
)

// boundedFlow is a flow on https://platform.example/cb with a fake clock,
// served by calling ServeHTTP with a chosen client address.
type boundedFlow struct {
	f     *ghapp.ManifestFlow
	clock *fakeClock
	mu    sync.Mutex
	errs  []error
}

func newBoundedFlow(change func(*ghapp.ManifestFlow)) *boundedFlow {
	b := &boundedFlow{clock: &fakeClock{t: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}}
	b.f = &ghapp.ManifestFlow{
		Manifest: func(*http.Request) (ghapp.Manifest, ghapp.Target, error) {
			return ghapp.Manifest{Name: "octo", URL: "https://platform.example"}, ghapp.Target{}, nil
		},
		RedirectURL: "https://platform.example/cb",
		Created:     func(http.ResponseWriter, *http.Request, *ghapp.AppCredentials) error { return nil },
		OnError:     func(_ *http.Request, err error) { b.mu.Lock(); b.errs = append(b.errs, err); b.mu.Unlock() },
	}
	ghapp.SetFlowClock(b.f, b.clock.Now)
	if change != nil {
		change(b.f)
	}
	return b
}

// start asks for a new flow from the client at remote (host:port), with
// header's fields.
func (b *boundedFlow) start(remote string, header http.Header) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodGet, "https://platform.example/new", nil)
	r.RemoteAddr = remote
	for k, v := range header {
		r.Header[k] = v
	}
	w := httptest.NewRecorder()
	b.f.ServeHTTP(w, r)
	return w
}

func (b *boundedFlow) lastErr() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.errs) == 0 {
		return nil
	}
	return b.errs[len(b.errs)-1]
}

// statuses starts n flows from remote and returns their statuses, counted.
func (b *boundedFlow) statuses(n int, remote string, header http.Header) map[int]int {
	got := map[int]int{}
	for i := 0; i < n; i++ {
		got[b.start(remote, header).Code]++
	}
	return got
}

// TestManifestFlowClientBound: one client (by default its address, an
// IPv6 address by its /64) may have MaxPendingPerClient flows pending; past
// that it gets 429 with a truthful Retry-After, and everyone else can still
// start. The reviewer's flood of 10,000 anonymous starts from one client
// locked every user out for an hour.
func TestManifestFlowClientBound(t *testing.T) {
	t.Run("one client floods", func(t *testing.T) {
		b := newBoundedFlow(nil)
		got := b.statuses(200, "192.0.2.1:1234", nil)
		if diff := cmp.Diff(map[int]int{http.StatusOK: 10, http.StatusTooManyRequests: 190}, got); diff != "" {
			t.Errorf("statuses mismatch (-want +got):\n%s", diff)
		}
		if err := b.lastErr(); !errors.Is(err, ghapp.ErrTooManyPending) {
			t.Errorf("OnError got %v, want ErrTooManyPending", err)
		}
		b.clock.Add(20 * time.Minute)
		w := b.start("192.0.2.1:999", nil)
		if w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") != "2400" || len(w.Result().Cookies()) != 0 ||
			!strings.Contains(w.Body.String(), "try again in 40 minutes") {
			t.Errorf("the flooder: %d, Retry-After %q, cookies %v\n%s", w.Code, w.Header().Get("Retry-After"), w.Result().Cookies(), w.Body)
		}
		if w := b.start("198.51.100.7:1234", nil); w.Code != http.StatusOK {
			t.Errorf("another client: %d, want 200\n%s", w.Code, w.Body)
		}
		b.clock.Add(40 * time.Minute) // the flooder's flows have expired
		if w := b.start("192.0.2.1:1234", nil); w.Code != http.StatusOK {
			t.Errorf("the flooder an hour later: %d", w.Code)
		}
	})
	t.Run("IPv6 by its /64", func(t *testing.T) {
		b := newBoundedFlow(func(f *ghapp.ManifestFlow) { f.MaxPendingPerClient = 2 })
		for i, tt := range []struct {
			remote string
			want   int
		}{
			{"[2001:db8::1]:1", http.StatusOK},
			{"[2001:db8::ffff:2]:2", http.StatusOK},
			{"[2001:db8::3%eth0]:3", http.StatusTooManyRequests}, // the same /64
			{"[2001:db8:0:1::1]:1", http.StatusOK},               // another /64
			{"192.0.2.1:1", http.StatusOK},
			{"[::ffff:192.0.2.1]:2", http.StatusOK}, // the same IPv4 address
			{"192.0.2.1:3", http.StatusTooManyRequests},
		} {
			if w := b.start(tt.remote, nil); w.Code != tt.want {
				t.Errorf("%d: %s: %d, want %d", i, tt.remote, w.Code, tt.want)
			}
		}
	})
	t.Run("ClientKey", func(t *testing.T) {
		b := newBoundedFlow(func(f *ghapp.ManifestFlow) {
			f.MaxPendingPerClient = 1
			f.ClientKey = func(r *http.Request) string { return r.Header.Get("X-User") }
		})
		proxy := "10.0.0.1:443" // every request through the platform's proxy
		for _, tt := range []struct {
			user string
			want int
		}{
			{"alice", http.StatusOK}, {"bob", http.StatusOK}, {"alice", http.StatusTooManyRequests},
			{"", http.StatusOK},              // no key: the address
			{"", http.StatusTooManyRequests}, // the address's one flow
			{"carol", http.StatusOK},
			{strings.Repeat("d", 100), http.StatusOK}, // long keys, held by their hashes, stay apart
			{strings.Repeat("d", 101), http.StatusOK},
			{strings.Repeat("d", 100), http.StatusTooManyRequests},
		} {
			if w := b.start(proxy, http.Header{"X-User": {tt.user}}); w.Code != tt.want {
				t.Errorf("user %q: %d, want %d", tt.user, w.Code, tt.want)
			}
		}
	})
	t.Run("no bound", func(t *testing.T) {
		b := newBoundedFlow(func(f *ghapp.ManifestFlow) { f.MaxPendingPerClient = -1 })
		if diff := cmp.Diff(map[int]int{http.StatusOK: 50}, b.statuses(50, "192.0.2.1:1", nil)); diff != "" {
			t.Errorf("statuses mismatch (-want +got):\n%s", diff)
		}
	})
	t.Run("a manifest error frees the place", func(t *testing.T) {
		b := newBoundedFlow(func(f *ghapp.ManifestFlow) {
			f.MaxPendingPerClient = 1
			f.Manifest = func(*http.Request) (ghapp.Manifest, ghapp.Target, error) {
				return ghapp.Manifest{}, ghapp.Target{}, errNoTeam
			}
		})
		if diff := cmp.Diff(map[int]int{http.StatusBadRequest: 3}, b.statuses(3, "192.0.2.1:1", nil)); diff != "" {
			t.Errorf("statuses mismatch (-want +got):\n%s", diff)
		}
	})
	t.Run("a store error frees the place", func(t *testing.T) {
		b := newBoundedFlow(func(f *ghapp.ManifestFlow) {
			f.MaxPendingPerClient = 1
			f.States = failingStore{errVaultDown}
		})
		if diff := cmp.Diff(map[int]int{http.StatusInternalServerError: 3}, b.statuses(3, "192.0.2.1:1", nil)); diff != "" {
			t.Errorf("statuses mismatch (-want +got):\n%s", diff)
		}
	})
}

// TestManifestFlowClientBoundReleased: a flow that completes, or whose
// callback finds it gone, no longer counts against its client.
func TestManifestFlowClientBoundReleased(t *testing.T) {
	_, w, rec := setup(t, personal, func(f *ghapp.ManifestFlow) { f.MaxPendingPerClient = 1 })
	b := newBrowser(t, w, rec)
	for i := 0; i < 3; i++ {
		start := b.get(t, startURL)
		if start.StatusCode != http.StatusOK {
			t.Fatalf("start %d: %s\n%s", i, start.Status, start.body)
		}
		p := b.get(t, startURL)
		if after, _ := strconv.Atoi(p.Header.Get("Retry-After")); p.StatusCode != http.StatusTooManyRequests || after < 3590 || after > 3600 {
			t.Errorf("a second pending flow: %s, Retry-After %q, want about an hour", p.Status, p.Header.Get("Retry-After"))
		}
		if p := b.submit(t, start); p.StatusCode != http.StatusSeeOther {
			t.Fatalf("flow %d: %s\n%s", i, p.Status, p.body)
		}
	}
	if n := rec.createdCount(); n != 3 {
		t.Errorf("Created called %d times", n)
	}
}

// failingStore refuses every flow with err.
type failingStore struct{ err error }

func (s failingStore) Put(context.Context, string, []byte, time.Time) error { return s.err }
func (s failingStore) Take(context.Context, string) ([]byte, error)         { return nil, s.err }

// retryStore is full, and says when to retry.
type retryStore struct{ after time.Duration }

type retryErr struct{ after time.Duration }

func (e retryErr) Error() string             { return "full" }
func (e retryErr) Unwrap() error             { return ghapp.ErrStoreFull }
func (e retryErr) RetryAfter() time.Duration { return e.after }

func (s retryStore) Put(context.Context, string, []byte, time.Time) error { return retryErr(s) }
func (s retryStore) Take(context.Context, string) ([]byte, error) {
	return nil, ghapp.ErrUnknownState
}

// TestManifestFlowRetryAfter: a full store's 503 says truthfully when
// there is room again: the default store, when its first pending flow
// expires (the reviewer found a fixed "60" with flows pending an hour); a
// store of the platform's, what its error's RetryAfter says, within a
// second and an hour; and nothing when it does not say.
func TestManifestFlowRetryAfter(t *testing.T) {
	b := newBoundedFlow(func(f *ghapp.ManifestFlow) {
		ghapp.SetMaxPending(f, 2)
		f.MaxPendingPerClient = -1
	})
	steps := []struct {
		advance    time.Duration
		status     int
		retryAfter string
	}{
		{0, http.StatusOK, ""},
		{10 * time.Minute, http.StatusOK, ""},
		{10 * time.Minute, http.StatusServiceUnavailable, "2400"}, // the first expires at 60 min
		{39*time.Minute + 59*time.Second + 500*time.Millisecond, http.StatusServiceUnavailable, "1"},
		{time.Second, http.StatusOK, ""}, // the first has expired
		{0, http.StatusServiceUnavailable, "600"},
	}
	for i, s := range steps {
		b.clock.Add(s.advance)
		w := b.start("192.0.2.1:1", nil)
		if w.Code != s.status || w.Header().Get("Retry-After") != s.retryAfter {
			t.Errorf("step %d: %d, Retry-After %q; want %d, %q", i, w.Code, w.Header().Get("Retry-After"), s.status, s.retryAfter)
		}
		if s.status == http.StatusServiceUnavailable && !errors.Is(b.lastErr(), ghapp.ErrStoreFull) {
			t.Errorf("step %d: OnError got %v", i, b.lastErr())
		}
	}
	for _, tt := range []struct {
		store ghapp.StateStore
		want  string
	}{
		{retryStore{90 * time.Second}, "90"},
		{retryStore{1500 * time.Millisecond}, "2"},
		{retryStore{0}, "1"},
		{retryStore{5 * time.Hour}, "3600"},
		{failingStore{ghapp.ErrStoreFull}, ""},
	} {
		b := newBoundedFlow(func(f *ghapp.ManifestFlow) { f.States = tt.store })
		w := b.start("192.0.2.1:1", nil)
		if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") != tt.want {
			t.Errorf("%#v: %d, Retry-After %q; want 503, %q", tt.store, w.Code, w.Header().Get("Retry-After"), tt.want)
		}
	}
}

// TestManifestFlowLoopbackBound: ServeLoopback keeps the per-client bound
// (every local client is 127.0.0.1).
func TestManifestFlowLoopbackBound(t *testing.T) {
	gh := newGitHub(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	start, done := loopbackRun(t, ctx, gh, &ghapp.ManifestFlow{MaxPendingPerClient: 2}, ghapp.LoopbackOptions{})
	var got []string
	for i := 0; i < 3; i++ {
		resp, err := http.Get(start)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		got = append(got, strconv.Itoa(resp.StatusCode))
	}
	if diff := cmp.Diff([]string{"200", "200", "429"}, got); diff != "" {
		t.Errorf("statuses mismatch (-want +got):\n%s", diff)
	}
	cancel()
	<-done
}
