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
	b.Run("ManifestFlow", func(b *testing.B) {
		f := &ghapp.ManifestFlow{
			Manifest:    func(*http.Request) (ghapp.Manifest, ghapp.Target, error) { return m, ghapp.Target{}, nil },
			RedirectURL: m.RedirectURL,
			Created:     func(http.ResponseWriter, *http.Request, *ghapp.AppCredentials) error { return nil },
		}
		ghapp.SetMaxPending(f, b.N+1)
		req := httptest.NewRequest(http.MethodGet, "https://platform.example/github/new", nil)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			rr := httptest.NewRecorder()
			f.ServeHTTP(rr, req)
			if rr.Code != http.StatusOK {
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
