package ghapp_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/ghapp-dev/ghapp"
)

// plainAnswer is the conversion answer as a plain struct: the baseline the
// lenient reading is measured against.
type plainAnswer struct {
	ID          int64             `json:"id"`
	Slug        string            `json:"slug"`
	NodeID      string            `json:"node_id"`
	Name        string            `json:"name"`
	Description string            `json:"description"`
	Owner       ghapp.Account     `json:"owner"`
	ExternalURL string            `json:"external_url"`
	HTMLURL     string            `json:"html_url"`
	Permissions map[string]string `json:"permissions"`
	Events      []string          `json:"events"`
	CreatedAt   time.Time         `json:"created_at"`
	UpdatedAt   time.Time         `json:"updated_at"`
	ClientID    string            `json:"client_id"`
	Secret      string            `json:"client_secret"`
	Webhook     *string           `json:"webhook_secret"`
	PEM         string            `json:"pem"`
}

// BenchmarkConversionAnswer compares reading GitHub's documented answer
// field by field (ParseCredentials) with json.Unmarshal into a plain
// struct.
func BenchmarkConversionAnswer(b *testing.B) {
	answer := conversionExample(b)
	b.Run("baseline=json.Unmarshal", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			var a plainAnswer
			if err := json.Unmarshal(answer, &a); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ParseCredentials", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := ghapp.ParseCredentials(answer); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkManifestFlowStart compares serving a flow's start page
// (state, store, cookie, headers) with writing the same form page alone.
func BenchmarkManifestFlowStart(b *testing.B) {
	m := documentedManifestConfig().Manifest()
	m.RedirectURL = "https://platform.example/github/callback"
	b.Run("baseline=WriteForm", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			state, _ := ghapp.NewState()
			if err := m.WriteForm(io.Discard, ghapp.Target{}, state); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, bound := range []string{"none", "per-client"} {
		b.Run("ManifestFlow/bound="+bound, func(b *testing.B) {
			f := &ghapp.ManifestFlow{
				Manifest:    func(*http.Request) (ghapp.Manifest, ghapp.Target, error) { return m, ghapp.Target{}, nil },
				RedirectURL: m.RedirectURL,
				Created:     func(http.ResponseWriter, *http.Request, *ghapp.AppCredentials) error { return nil },
			}
			if bound == "none" {
				f.MaxPendingPerClient = -1
			}
			ghapp.SetMaxPending(f, b.N+1)
			reqs := make([]*http.Request, b.N)
			for i := range reqs {
				reqs[i] = httptest.NewRequest(http.MethodGet, "https://platform.example/github/new", nil)
				reqs[i].RemoteAddr = "10." + strconv.Itoa(i>>16&255) + "." + strconv.Itoa(i>>8&255) + "." + strconv.Itoa(i&255) + ":1234" // a client each
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				rr := httptest.NewRecorder()
				f.ServeHTTP(rr, reqs[i])
				if rr.Code != http.StatusOK {
					b.Fatal(rr.Code)
				}
			}
		})
	}
	// A client past its bound, as in a flood: the refusal costs less than
	// a start.
	b.Run("ManifestFlow/refused", func(b *testing.B) {
		f := &ghapp.ManifestFlow{
			Manifest:    func(*http.Request) (ghapp.Manifest, ghapp.Target, error) { return m, ghapp.Target{}, nil },
			RedirectURL: m.RedirectURL,
			Created:     func(http.ResponseWriter, *http.Request, *ghapp.AppCredentials) error { return nil },
		}
		req := httptest.NewRequest(http.MethodGet, "https://platform.example/github/new", nil)
		for i := 0; i < 10; i++ {
			f.ServeHTTP(httptest.NewRecorder(), req)
		}
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			rr := httptest.NewRecorder()
			f.ServeHTTP(rr, req)
			if rr.Code != http.StatusTooManyRequests {
				b.Fatal(rr.Code)
			}
		}
	})
}

// BenchmarkMemoryStore measures a Put and a Take of the default store,
// with 1, 1000 and 9999 other flows pending.
func BenchmarkMemoryStore(b *testing.B) {
	for _, pending := range []int{1, 1000, ghapp.MaxPendingFlows - 1} {
		b.Run("pending="+strconv.Itoa(pending), func(b *testing.B) {
			f := &ghapp.ManifestFlow{
				Manifest: func(*http.Request) (ghapp.Manifest, ghapp.Target, error) {
					return ghapp.Manifest{}, ghapp.Target{}, nil
				},
				RedirectURL: "https://platform.example/cb",
				Created:     func(http.ResponseWriter, *http.Request, *ghapp.AppCredentials) error { return nil },
			}
			store := ghapp.DefaultStore(f)
			ctx := context.Background()
			later := time.Now().Add(time.Hour)
			for i := 0; i < pending; i++ {
				_ = store.Put(ctx, "other"+strconv.Itoa(i), []byte("{}"), later)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if err := store.Put(ctx, "s", []byte("{}"), later); err != nil {
					b.Fatal(err)
				}
				if _, err := store.Take(ctx, "s"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
