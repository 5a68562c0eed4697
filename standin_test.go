package ghapp_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/ghapp-dev/ghapp"
)

// apiExamples returns GitHub's documented example answers of GET /app, GET
// /app/installations, GET /app/installations/{installation_id} and GET
// /user/installations for plan ("api.github.com" or "ghes-3.19"), read
// from ../shared/reference at test time: the project does not copy
// reference files, so without them the test is skipped.
func apiExamples(t testing.TB, plan string) map[string]json.RawMessage {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "shared", "reference", "extracts", "app-installations.openapi.json"))
	if err != nil {
		t.Skipf("GitHub's documented examples are not here: %v", err)
	}
	var doc struct {
		Operations map[string]map[string]struct {
			Responses map[string]struct {
				Examples map[string]json.RawMessage `json:"examples"`
			} `json:"responses"`
		} `json:"operations"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	ops, ok := doc.Operations[plan]
	if !ok {
		t.Fatalf("no operations for %s", plan)
	}
	out := map[string]json.RawMessage{}
	for name, op := range ops {
		if ex, ok := op.Responses["200"].Examples["default"]; ok {
			out[name] = ex
		}
	}
	for _, name := range []string{"GET /app", "GET /app/installations", "GET /app/installations/{installation_id}", "GET /user/installations"} {
		if out[name] == nil {
			t.Fatalf("no documented example for %s on %s", name, plan)
		}
	}
	return out
}

// object decodes a JSON object for a test to change.
func object(t testing.TB, raw json.RawMessage) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// documentedInstallation returns the installation of GitHub's documented
// example of GET /app/installations, the only one of its list.
func documentedInstallation(t testing.TB, ex map[string]json.RawMessage) map[string]any {
	t.Helper()
	var list []map[string]any
	if err := json.Unmarshal(ex["GET /app/installations"], &list); err != nil || len(list) != 1 {
		t.Fatalf("documented installations: %v (%d)", err, len(list))
	}
	return list[0]
}

// fakeGitHub is a local stand-in for GitHub's REST API under prefix
// ("/api/v3" as on GitHub Enterprise Server, "" as on api.github.com). It
// answers GET /app, GET /app/hook/config, GET /app/installations (in pages,
// with a Link header), GET /app/installations/{id} and GET
// /user/installations from the values a test gives it, and records every
// request.
type fakeGitHub struct {
	*httptest.Server
	t      testing.TB
	prefix string
	// scheme is the scheme of the Link header's URLs: "http", or "https"
	// when a test sends requests for https://api.github.com here.
	scheme string

	mu            sync.Mutex
	app           any
	hook          any
	installations []map[string]any
	user          []map[string]any // GET /user/installations
	fail          map[string]failure
	requests      []*http.Request
}

// A failure is an answer other than success for one path.
type failure struct {
	status int
	header http.Header
	body   string
}

func newFakeGitHub(t testing.TB, prefix string) *fakeGitHub {
	g := &fakeGitHub{t: t, prefix: prefix, scheme: "http", fail: map[string]failure{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+prefix+"/app", func(w http.ResponseWriter, r *http.Request) { g.answer(w, g.app) })
	mux.HandleFunc("GET "+prefix+"/app/hook/config", func(w http.ResponseWriter, r *http.Request) { g.answer(w, g.hook) })
	mux.HandleFunc("GET "+prefix+"/app/installations", func(w http.ResponseWriter, r *http.Request) {
		g.page(w, r, g.installations, func(items []map[string]any) any { return items })
	})
	mux.HandleFunc("GET "+prefix+"/app/installations/{id}", func(w http.ResponseWriter, r *http.Request) {
		g.mu.Lock()
		defer g.mu.Unlock()
		for _, i := range g.installations {
			if fmt.Sprint(i["id"]) == r.PathValue("id") {
				g.write(w, i)
				return
			}
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"message":"Not Found","documentation_url":"https://docs.github.com/rest/apps/apps#get-an-installation-for-the-authenticated-app","status":"404"}`)
	})
	mux.HandleFunc("GET "+prefix+"/user/installations", func(w http.ResponseWriter, r *http.Request) {
		g.page(w, r, g.user, func(items []map[string]any) any {
			return map[string]any{"total_count": len(g.user), "installations": items}
		})
	})
	g.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		g.mu.Lock()
		g.requests = append(g.requests, r.Clone(r.Context()))
		f, failing := g.fail[r.URL.Path]
		g.mu.Unlock()
		if failing {
			for k, v := range f.header {
				w.Header()[k] = v
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(f.status)
			fmt.Fprint(w, f.body)
			return
		}
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(g.Close)
	return g
}

// setFailure makes the stand-in answer path with status, headers and body.
func (g *fakeGitHub) setFailure(path string, status int, header http.Header, body string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.fail[g.prefix+path] = failure{status, header, body}
}

func (g *fakeGitHub) answer(w http.ResponseWriter, v any) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if v == nil {
		http.NotFound(w, nil)
		return
	}
	g.write(w, v)
}

func (g *fakeGitHub) write(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	if raw, ok := v.(json.RawMessage); ok {
		_, _ = w.Write(raw)
		return
	}
	if err := json.NewEncoder(w).Encode(v); err != nil {
		g.t.Errorf("stand-in: %v", err)
	}
}

// page answers one page of items as GitHub does: per_page (default 30, at
// most 100) and page (from 1), with a Link header naming the next and last
// pages on the host the request named.
func (g *fakeGitHub) page(w http.ResponseWriter, r *http.Request, all []map[string]any, wrap func([]map[string]any) any) {
	g.mu.Lock()
	defer g.mu.Unlock()
	per, _ := strconv.Atoi(r.URL.Query().Get("per_page"))
	if per <= 0 {
		per = 30
	}
	per = min(per, 100)
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	page = max(page, 1)
	lo, hi := min((page-1)*per, len(all)), min(page*per, len(all))
	last := max(1, (len(all)+per-1)/per)
	link := func(n int, rel string) string {
		return fmt.Sprintf(`<%s://%s%s?per_page=%d&page=%d>; rel="%s"`, g.scheme, r.Host, r.URL.Path, per, n, rel)
	}
	var links []string
	if page < last {
		links = append(links, link(page+1, "next"), link(last, "last"))
	}
	if page > 1 {
		links = append(links, link(1, "first"), link(page-1, "prev"))
	}
	if len(links) > 0 {
		w.Header().Set("Link", strings.Join(links, ", "))
	}
	g.write(w, wrap(all[lo:hi]))
}

// seen returns the requests made so far.
func (g *fakeGitHub) seen() []*http.Request {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]*http.Request(nil), g.requests...)
}

// liveProblems is problems, naming errors that are not *FieldErrors by the
// sentinels they wrap ("?: ErrAPI ErrNotFound").
func liveProblems(err error) []string {
	var out []string
	var walk func(error)
	walk = func(err error) {
		if err == nil {
			return
		}
		fe, isField := err.(*ghapp.FieldError)
		if j, ok := err.(interface{ Unwrap() []error }); ok && !isField {
			if _, api := err.(*ghapp.APIError); !api {
				for _, e := range j.Unwrap() {
					walk(e)
				}
				return
			}
		}
		line := "?:"
		if isField {
			line = fe.Field + ":"
		}
		for _, s := range sentinels {
			if errors.Is(err, s.err) {
				line += " " + s.name
			}
		}
		out = append(out, line)
	}
	walk(err)
	return out
}
