package ghapp

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ManifestFlow is an [http.Handler] that runs GitHub's manifest flow for
// a platform: it serves the page that posts an app's manifest to GitHub,
// takes the browser back with GitHub's one-hour code, exchanges the code
// for the new app's credentials and hands them to Created. Everything the
// flow needs to be safe is on by default. Set the three required fields,
// say who may create apps, and mount it:
//
//	flow := &ghapp.ManifestFlow{
//		Manifest: func(r *http.Request) (ghapp.Manifest, ghapp.Target, error) {
//			return ghapp.Manifest{Name: "octo-bot", URL: "https://platform.example.com"}, ghapp.Target{Organization: "octo-org"}, nil
//		},
//		RedirectURL: "https://platform.example.com/github-apps/callback",
//		Created: func(w http.ResponseWriter, r *http.Request, c *ghapp.AppCredentials) error {
//			data, err := c.RevealJSON() // the only copy of the app's secrets
//			if err != nil {
//				return err
//			}
//			return vault.Put(r.Context(), "github-apps/"+c.Slug, data)
//		},
//		Allow: requireAdmin, // who may create apps
//	}
//	mux.Handle("/github-apps/", flow)
//
// # Routes
//
// A GET to RedirectURL's path is GitHub's redirect back, and completes a
// flow; any other GET starts one; other methods get 405. Mount the handler
// where the browser reaches RedirectURL with the same path (not under
// [http.StripPrefix]): a GET elsewhere that carries code and state is
// GitHub's redirect on the wrong path, whose code cannot be exchanged, so
// it answers 500 and passes OnError a [*FieldError] for RedirectURL
// wrapping [ErrInvalidURL], rather than start a new flow.
//
// # Starting a flow
//
// Allow, when set, is asked first (403 when it refuses); then a client
// with MaxPendingPerClient flows pending gets 429 ([ErrTooManyPending]),
// before any other work. Manifest then gives the app and the [Target]
// (github.com, an organization, GitHub Enterprise Server or GHE.com);
// RedirectURL becomes its redirect_url. The manifest is checked for the
// target's plan: every problem is shown on a 400 page, escaped, and passed
// to OnError. A new state ([NewState]) and the flow's Target and expiry
// (one hour, the life of GitHub's code) go to States, server-side: the
// callback never takes the Target from the query.
//
// A cookie binds the state to this browser: HttpOnly, SameSite=Lax (sent
// on GitHub's top-level redirect back), named after the state so that
// flows in several tabs do not clash. On https it is a __Host- cookie:
// Secure, Path=/ and no Domain, which no other host can set, a sibling
// subdomain included, so no one can plant a flow of theirs in a victim's
// browser. The prefix forbids a narrower path: the cookie is scoped by its
// name, the state's, rather than by RedirectURL's path, and goes with
// every request to the host until the callback deletes it or its hour
// ends. On http (a loopback host) it is neither Secure nor prefixed, and
// its path is RedirectURL's. The page
// ([Manifest.WriteForm]) posts itself to the target's registration page;
// it is served with Cache-Control: no-store, Referrer-Policy: no-referrer
// and a Content-Security-Policy that allows only its own script (by hash)
// and form actions to the target and to RedirectURL's origin.
//
// # The callback
//
// The state in the query must equal this browser's cookie (constant-time
// comparison): without the cookie the page says the flow was started in
// another browser ([ErrMissingCookie]); with another flow's cookie it is
// [ErrStateMismatch]. The code is checked before any request
// ([ErrInvalidCode]); the state is then taken from States, once
// ([ErrUnknownState] when expired or used). The exchange
// ([ConvertManifestCode], with Client, on the target's API URL) runs once
// per state: a second callback for a flow under way (a double click, a
// reload) waits for the first and is sent to the installation page, and a
// later replay finds the state gone. The exchange runs on a context
// detached from the browser's request, bounded by ExchangeTimeout, so a
// closed or reloaded tab never loses the credentials GitHub issues once;
// Created is called on such a context too (it keeps the request's values).
//
// # After creation
//
// Created receives the credentials, also when some descriptive field of
// GitHub's answer could not be read (that [ErrPartialResponse] goes to
// OnError). It may write the response; if it writes nothing and returns
// nil, the browser is sent (303) to the app's installation page. If it
// returns an error, the browser gets a 500 page that says the app was
// created but not saved, and the error goes to OnError.
//
// # Errors and logs
//
// No response, page, log record or error passed to a hook holds a secret,
// a code or a state. Built-in pages show the package's own messages and
// the manifest's problems, escaped; ErrorPage replaces them. OnError
// receives every error; Logger, when set, a record for each flow started,
// app created and request refused. Errors that Manifest, Allow and Created
// return are passed on and logged by their text: keep secrets out of them.
//
// # Deployment
//
//   - A start route that anyone can reach should sit behind Allow (the
//     platform's authentication). Each start holds a place for an hour,
//     and pending flows are never dropped to make room, since each may be
//     an app its person is confirming on GitHub. Without Allow, the bounds
//     are: one client at most MaxPendingPerClient (10) pending flows, then
//     429 ([ErrTooManyPending]); the default States at most 10000 pending
//     flows in all, then 503 ([ErrStoreFull]) until some complete or
//     expire. Both answers carry a Retry-After header: the time until the
//     first of those pending flows expires (at most an hour; a StateStore
//     of the platform's says it as [StateStore]'s Put describes). Many
//     clients together can still fill the store; only Allow stops them.
//   - The client is r.RemoteAddr's host, an IPv6 address by its /64.
//     Behind a reverse proxy or load balancer every request comes from the
//     proxy's address, and all users would share one count: set
//     ClientKey, to the signed-in user's ID, or, only when the platform is
//     behind such a proxy, to the address it writes (the last entry of
//     X-Forwarded-For, the one the platform's own proxy added; the entries
//     before it are the client's to forge). The counts are each process's.
//   - Allow guards starting only: the callback is authorised by the flow's
//     cookie, since a platform's own session cookie may not come back with
//     GitHub's cross-site redirect (SameSite=Strict).
//   - Several replicas need a shared [StateStore].
//   - RedirectURL is the URL the browser sees, behind any proxy: https, or
//     http on a loopback host. For a tool on a laptop, [ServeLoopback] runs
//     the flow on 127.0.0.1.
//   - Fields must not change, nor the value be copied, once it serves.
type ManifestFlow struct {
	// Manifest returns the app to create for this request and where to
	// create it (for example a team's bot from the request's query, which
	// is untrusted). Required. An error refuses the request with 400; the
	// built-in page shows the [*FieldError] problems in it and a general
	// message for anything else.
	Manifest func(r *http.Request) (Manifest, Target, error)
	// RedirectURL is the absolute URL at which GitHub sends the browser
	// back to this handler with the code: https, or http on a loopback
	// host, with a path of its own ("/github-apps/callback") and without
	// query or fragment. Required; it becomes the manifest's redirect_url.
	RedirectURL string
	// Created receives the new app's credentials. It writes the response,
	// or leaves it to the handler, which then sends the browser to the
	// app's installation page. Required. Its request's context is detached
	// from the browser's: it is not cancelled when the browser goes away.
	Created func(w http.ResponseWriter, r *http.Request, c *AppCredentials) error
	// States keeps the pending flows. nil: in memory, at most 10000, one
	// hour each, single use.
	States StateStore
	// Client makes the code exchange. nil: a client with [DefaultTimeout].
	// Whatever its CheckRedirect, no redirect is followed.
	Client *http.Client

	// Allow, if set, decides who may start a flow; an error refuses the
	// request with 403 and goes to OnError.
	Allow func(r *http.Request) error
	// MaxPendingPerClient bounds the flows one client may have pending
	// (started, and neither completed nor expired) at once; past it,
	// starting a flow answers 429 with [ErrTooManyPending]. Zero means 10;
	// a negative value sets no bound (for a platform whose Allow bounds
	// who may start).
	MaxPendingPerClient int
	// ClientKey, if set, names the client a request comes from, for
	// MaxPendingPerClient: the signed-in user's ID, or an address a
	// trusted proxy wrote; a key longer than 64 bytes is held by its
	// SHA-256. nil, or "" returned, means r.RemoteAddr's host
	// (an IPv6 address by its /64): see Deployment in the type's
	// documentation for a platform behind a proxy.
	ClientKey func(r *http.Request) string
	// ExchangeTimeout bounds taking the state and exchanging the code;
	// zero means [DefaultTimeout].
	ExchangeTimeout time.Duration
	// OnError, if set, is called with every error the handler meets, before
	// the error page is written: a refused or mistaken request, a failed
	// exchange, an answer read only in part, an error of Created.
	OnError func(r *http.Request, err error)
	// ErrorPage, if set, writes the page of a failed request in place of
	// the built-in one, with the status the handler chose and the error.
	// The response's Cache-Control, Referrer-Policy and
	// X-Content-Type-Options headers are set already.
	ErrorPage func(w http.ResponseWriter, r *http.Request, status int, err error)
	// Logger, if set, receives a record for each flow started (Info), app
	// created (Info) and request refused (Warn, Error when the fault is
	// the server's). Records name the app, the target and the request's
	// path; never a state, a code or a secret.
	Logger *slog.Logger

	// Set by tests and ServeLoopback.
	now        func() time.Time
	maxPending int
	allowHost  string                       // when set, the only Host accepted
	startToken string                       // when set, the token a start needs
	finished   func(*AppCredentials, error) // each exchange's outcome

	once sync.Once
	rt   *flowRuntime
}

// flowRuntime is what a ManifestFlow works out from its fields on first
// use.
type flowRuntime struct {
	err            error // a problem with the fields: every request fails
	callbackPath   string
	redirectOrigin string
	secure         bool
	store          StateStore
	bound          *clientBound // nil: no per-client bound
	now            func() time.Time

	mu       sync.Mutex
	inflight map[string]*flowExchange
}

// flowExchange is the one exchange of a state, which later callbacks for
// the same state wait for.
type flowExchange struct {
	done       chan struct{}
	installURL string // where to send the browser on success
	status     int    // on failure
	err        error
}

// Validate checks f's fields and returns nil, or the problems joined,
// each a [*FieldError] naming the field ("Manifest", "RedirectURL",
// "Created") and wrapping [ErrRequired] or [ErrInvalidURL]. ServeHTTP
// makes the same check on first use and answers 500 to every request
// while it fails; call Validate at start-up to fail early. A nil f is a
// [*FieldError] for "ManifestFlow" wrapping ErrRequired.
func (f *ManifestFlow) Validate() error {
	if f == nil {
		return fieldErr("ManifestFlow", ErrRequired, "no ManifestFlow")
	}
	_, err := f.check()
	return err
}

// check validates f and works out its runtime.
func (f *ManifestFlow) check() (*flowRuntime, error) {
	rt := &flowRuntime{now: f.now, store: f.States, inflight: map[string]*flowExchange{}}
	if rt.now == nil {
		rt.now = time.Now
	}
	var errs errorList
	if f.Manifest == nil {
		errs.add(fieldErr("Manifest", ErrRequired, "a ManifestFlow needs a Manifest function"))
	}
	if f.Created == nil {
		errs.add(fieldErr("Created", ErrRequired, "a ManifestFlow needs a Created function to receive the credentials"))
	}
	switch u, err := url.Parse(f.RedirectURL); {
	case f.RedirectURL == "":
		errs.add(fieldErr("RedirectURL", ErrRequired, "a ManifestFlow needs the URL GitHub sends the browser back to"))
	case err != nil || !u.IsAbs() || u.Host == "" || u.Opaque != "" || u.User != nil:
		errs.add(fieldErr("RedirectURL", ErrInvalidURL, "not an absolute URL with a host"))
	case u.Scheme != "https" && !(u.Scheme == "http" && isLoopback(strings.ToLower(u.Hostname()))):
		errs.add(fieldErr("RedirectURL", ErrInvalidURL, "must be https, or http on a loopback host: the code it receives is a credential"))
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Contains(f.RedirectURL, "#"):
		errs.add(fieldErr("RedirectURL", ErrInvalidURL, "has a query or fragment; GitHub adds code and state to it"))
	case u.Path == "" || u.Path == "/" || u.RawPath != "":
		errs.add(fieldErr("RedirectURL", ErrInvalidURL, "needs a path of its own, without escapes (/github-apps/callback): a GET to any other path starts a flow"))
	default:
		rt.callbackPath = u.Path
		rt.redirectOrigin = u.Scheme + "://" + originHost(u)
		rt.secure = u.Scheme == "https"
	}
	if err := errs.join(); err != nil {
		return nil, err
	}
	if rt.store == nil {
		max := f.maxPending
		if max <= 0 {
			max = maxPendingFlows
		}
		rt.store = newMemoryStore(max, rt.now)
	}
	switch n := f.MaxPendingPerClient; {
	case n == 0:
		rt.bound = newClientBound(defaultPendingPerClient)
	case n > 0:
		rt.bound = newClientBound(n)
	}
	return rt, nil
}

// runtime returns f's runtime, worked out once.
func (f *ManifestFlow) runtime() *flowRuntime {
	f.once.Do(func() {
		rt, err := f.check()
		if err != nil {
			rt = &flowRuntime{err: err, now: time.Now}
		}
		f.rt = rt
	})
	return f.rt
}

// ServeHTTP starts a flow or completes one; see [ManifestFlow].
func (f *ManifestFlow) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Content-Type-Options", "nosniff")
	rt := f.runtime()
	switch {
	case rt.err != nil:
		f.fail(w, r, http.StatusInternalServerError, fmt.Errorf("ghapp: manifest flow: %w", rt.err), nil)
	case f.allowHost != "" && !strings.EqualFold(r.Host, f.allowHost):
		f.fail(w, r, http.StatusMisdirectedRequest, fmt.Errorf("%w: the request's Host is not %s", ErrHostNotAllowed, f.allowHost), nil)
	case r.Method != http.MethodGet:
		h.Set("Allow", http.MethodGet)
		f.fail(w, r, http.StatusMethodNotAllowed, fmt.Errorf("ghapp: manifest flow: method %s not allowed", quoteBounded(r.Method)), nil)
	case r.URL.Path == rt.callbackPath:
		f.callback(w, r, rt)
	case r.URL.Query().Has("code") && r.URL.Query().Has("state"):
		f.fail(w, r, http.StatusInternalServerError, &misroutedError{fieldErr("RedirectURL", ErrInvalidURL,
			"GitHub's redirect back, with its code, came to the path %s, not to RedirectURL's path %s: the handler must be mounted where the browser reaches RedirectURL with the same path (not under http.StripPrefix)",
			quoteBounded(r.URL.Path), quoteBounded(rt.callbackPath))}, nil)
	default:
		f.start(w, r, rt)
	}
}

// pendingFlow is what a StateStore holds for a flow.
type pendingFlow struct {
	Version      int    `json:"v"`
	BaseURL      string `json:"base_url,omitempty"`
	Organization string `json:"organization,omitempty"`
	Plan         Plan   `json:"plan,omitempty"`
	Expires      int64  `json:"expires"` // Unix seconds
}

func (p pendingFlow) target() Target {
	return Target{BaseURL: p.BaseURL, Organization: p.Organization, Plan: p.Plan}
}

// start serves the form page of a new flow.
func (f *ManifestFlow) start(w http.ResponseWriter, r *http.Request, rt *flowRuntime) {
	if f.startToken != "" {
		q := r.URL.Query()
		if subtle.ConstantTimeCompare([]byte(q.Get("token")), []byte(f.startToken)) != 1 {
			f.fail(w, r, http.StatusForbidden, fieldErr("token", ErrInvalidStartToken, "a flow starts only from the start URL the tool gave, with its token"), nil)
			return
		}
		// The hooks see the request without the token.
		q.Del("token")
		u := *r.URL
		u.RawQuery = q.Encode()
		r = r.WithContext(r.Context())
		r.URL, r.RequestURI = &u, u.RequestURI()
	}
	if f.Allow != nil {
		if err := f.Allow(r); err != nil {
			f.fail(w, r, http.StatusForbidden, fmt.Errorf("ghapp: manifest flow: not allowed: %w", err), nil)
			return
		}
	}
	state, err := NewState()
	if err != nil {
		f.fail(w, r, http.StatusInternalServerError, fmt.Errorf("ghapp: manifest flow: %w", err), nil)
		return
	}
	expires := rt.now().Add(flowLifetime)
	// The client's place is taken before any other work, so that a client
	// past its bound costs little, and given back unless the flow is
	// stored.
	stored := false
	if rt.bound != nil {
		if err := f.reserve(r, rt, state, expires); err != nil {
			setRetryAfter(w, err)
			f.fail(w, r, http.StatusTooManyRequests, err, nil)
			return
		}
		defer func() {
			if !stored {
				rt.bound.release(state)
			}
		}()
	}
	m, t, err := f.Manifest(r)
	if err != nil {
		f.fail(w, r, http.StatusBadRequest, err, err)
		return
	}
	m.RedirectURL = f.RedirectURL
	page, origin, err := m.formPage(t, state)
	if err != nil {
		f.fail(w, r, http.StatusBadRequest, err, err)
		return
	}
	data, err := json.Marshal(pendingFlow{Version: 1, BaseURL: t.BaseURL, Organization: t.Organization, Plan: t.Plan, Expires: expires.Unix()})
	if err != nil {
		f.fail(w, r, http.StatusInternalServerError, fmt.Errorf("ghapp: manifest flow: %w", err), nil)
		return
	}
	if err := rt.store.Put(r.Context(), state, data, expires); err != nil {
		status := http.StatusInternalServerError
		if errors.Is(err, ErrStoreFull) {
			status = http.StatusServiceUnavailable
			setRetryAfter(w, err)
		}
		f.fail(w, r, status, fmt.Errorf("ghapp: manifest flow: storing the state: %w", err), nil)
		return
	}
	stored = true
	http.SetCookie(w, &http.Cookie{
		Name: rt.cookieName(state), Value: state, Path: rt.cookiePath(), MaxAge: int(flowLifetime / time.Second),
		HttpOnly: true, Secure: rt.secure, SameSite: http.SameSiteLaxMode,
	})
	h := w.Header()
	formAction := origin
	if rt.redirectOrigin != origin {
		formAction += " " + rt.redirectOrigin
	}
	h.Set("Content-Security-Policy", "default-src 'none'; script-src "+formScriptHash+"; form-action "+formAction+"; base-uri 'none'; frame-ancestors 'none'")
	h.Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(page)
	f.log(r, slog.LevelInfo, "ghapp: manifest flow started", slog.String("app", m.Name), slog.String("target", origin), slog.String("organization", t.Organization))
}

// reserve counts the flow with state against the client r comes from
// (ClientKey, or its address), or returns an ErrTooManyPending error
// saying when the client's first pending flow expires.
func (f *ManifestFlow) reserve(r *http.Request, rt *flowRuntime, state string, expires time.Time) error {
	client := ""
	if f.ClientKey != nil {
		client = f.ClientKey(r)
	}
	if client == "" {
		client = clientAddr(r)
	}
	if len(client) > 64 { // held for each pending flow: a long key is held by its hash
		sum := sha256.Sum256([]byte(client))
		client = "sha256:" + base64.RawURLEncoding.EncodeToString(sum[:])
	}
	wait := rt.bound.reserve(client, state, rt.now(), expires)
	if wait == 0 {
		return nil
	}
	hint := ""
	if f.ClientKey == nil && forwarded(r) {
		hint = " (the request came through a proxy, whose address every user shares: set ClientKey)"
	}
	return &retryError{fmt.Errorf("ghapp: manifest flow: %w: this client has %d flows pending, the most it may%s", ErrTooManyPending, rt.bound.max, hint), wait}
}

// setRetryAfter sets w's Retry-After header from err, if err says when to
// retry.
func setRetryAfter(w http.ResponseWriter, err error) {
	if s, ok := retryAfter(err); ok {
		w.Header().Set("Retry-After", strconv.Itoa(s))
	}
}

// flowCookiePrefix begins the name of every flow's cookie; __Host- comes
// before it when the cookie is Secure.
const flowCookiePrefix = "ghapp_flow_"

// cookiePrefix returns the start of every flow cookie's name: on https
// "__Host-", so that only this host can set one (browsers refuse a
// __Host- cookie with a Domain, without Secure, or with a Path other than
// "/").
func (rt *flowRuntime) cookiePrefix() string {
	if rt.secure {
		return "__Host-" + flowCookiePrefix
	}
	return flowCookiePrefix
}

// cookieName returns the name of the cookie of the flow with state: the
// prefix and 16 characters of the state's hash, so that each flow has its
// own and the name tells nothing of the state.
func (rt *flowRuntime) cookieName(state string) string {
	sum := sha256.Sum256([]byte(state))
	return rt.cookiePrefix() + base64.RawURLEncoding.EncodeToString(sum[:12])
}

// cookiePath returns the Path of the flows' cookies: "/", which __Host-
// requires, on https; RedirectURL's path on loopback http.
func (rt *flowRuntime) cookiePath() string {
	if rt.secure {
		return "/"
	}
	return rt.callbackPath
}

// checkCookie checks that the browser holds the cookie of state. Only
// cookies with this flow's prefix count: on https, a cookie another host
// could set (without __Host-) is not one of the flow's.
func (rt *flowRuntime) checkCookie(r *http.Request, state string) error {
	if c, err := r.Cookie(rt.cookieName(state)); err == nil {
		return CheckState(state, c.Value)
	}
	for _, c := range r.Cookies() {
		if strings.HasPrefix(c.Name, rt.cookiePrefix()) {
			return fieldErr("state", ErrStateMismatch, "the state that came back is not one this browser started")
		}
	}
	return fmt.Errorf("%w: the flow was started in another browser, or this one did not keep its cookie", ErrMissingCookie)
}

// callback completes a flow.
func (f *ManifestFlow) callback(w http.ResponseWriter, r *http.Request, rt *flowRuntime) {
	q := r.URL.Query()
	state, code := q.Get("state"), q.Get("code")
	if err := rt.checkCookie(r, state); err != nil {
		f.fail(w, r, http.StatusBadRequest, err, nil)
		return
	}
	if !validCode(code) {
		f.fail(w, r, http.StatusBadRequest, fieldErr("code", ErrInvalidCode, "GitHub's redirect carries no manifest code"), nil)
		return
	}
	rt.mu.Lock()
	if ex, ok := rt.inflight[state]; ok {
		rt.mu.Unlock()
		f.follow(w, r, ex)
		return
	}
	ex := &flowExchange{done: make(chan struct{}), status: http.StatusInternalServerError,
		err: errors.New("ghapp: manifest flow: the exchange ended without an outcome")}
	rt.inflight[state] = ex
	rt.mu.Unlock()
	defer func() {
		rt.mu.Lock()
		delete(rt.inflight, state)
		rt.mu.Unlock()
		close(ex.done)
	}()
	// From here on, the browser may go away: the exchange and Created run
	// to the end on a context of their own.
	detached := context.WithoutCancel(r.Context())
	dr := r.WithContext(detached)
	timeout := f.ExchangeTimeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(detached, timeout)
	defer cancel()
	creds, status, err := f.exchange(ctx, rt, state, code, w)
	if creds == nil {
		ex.status, ex.err = status, err
		f.fail(w, dr, status, err, nil)
		if status != http.StatusBadRequest && status != http.StatusServiceUnavailable {
			f.finish(nil, err) // the code went to GitHub, or the flow cannot go on
		}
		return
	}
	if err != nil { // ErrPartialResponse: the credentials are complete
		f.report(dr, err)
	}
	rw := &watchedWriter{ResponseWriter: w}
	if err := f.Created(rw, dr, creds); err != nil {
		err = &createdError{err}
		ex.status, ex.err = http.StatusInternalServerError, err
		if rw.wrote {
			f.report(dr, err)
		} else {
			f.fail(w, dr, http.StatusInternalServerError, err, nil)
		}
		f.finish(creds, err)
		return
	}
	f.log(dr, slog.LevelInfo, "ghapp: manifest flow created an app", slog.Any("app", creds))
	ex.installURL, ex.err = installURL(creds), nil
	if !rw.wrote {
		sendOn(w, r, ex.installURL)
	}
	f.finish(creds, nil)
}

// exchange takes state's pending flow and exchanges code. It returns the
// credentials (with an ErrPartialResponse error, or none), or the status
// and error to answer with.
func (f *ManifestFlow) exchange(ctx context.Context, rt *flowRuntime, state, code string, w http.ResponseWriter) (*AppCredentials, int, error) {
	data, err := rt.store.Take(ctx, state)
	if rt.bound != nil {
		rt.bound.release(state) // no longer pending, whatever the store says
	}
	if err != nil {
		if errors.Is(err, ErrUnknownState) {
			return nil, http.StatusBadRequest, fmt.Errorf("ghapp: manifest flow: %w: it expired or was used already", ErrUnknownState)
		}
		return nil, http.StatusServiceUnavailable, fmt.Errorf("ghapp: manifest flow: taking the state: %w", err)
	}
	// The state is used now: the browser's cookie goes too.
	http.SetCookie(w, &http.Cookie{Name: rt.cookieName(state), Path: rt.cookiePath(), MaxAge: -1, HttpOnly: true, Secure: rt.secure, SameSite: http.SameSiteLaxMode})
	var p pendingFlow
	if err := json.Unmarshal(data, &p); err != nil || p.Version != 1 {
		return nil, http.StatusInternalServerError, fmt.Errorf("ghapp: manifest flow: the stored flow does not read as one ghapp wrote")
	}
	if !rt.now().Before(time.Unix(p.Expires, 0)) {
		return nil, http.StatusBadRequest, fmt.Errorf("ghapp: manifest flow: %w: it expired", ErrUnknownState)
	}
	creds, err := ConvertManifestCode(ctx, f.Client, p.target(), code)
	switch {
	case creds != nil:
		return creds, 0, err
	case errors.Is(err, context.DeadlineExceeded):
		return nil, http.StatusGatewayTimeout, err
	case errors.Is(err, ErrInvalidTarget):
		return nil, http.StatusInternalServerError, err
	}
	return nil, http.StatusBadGateway, err
}

// follow answers a callback for a state whose exchange another request
// runs: it waits for that one and sends the browser on, or shows its
// error. It never calls Created.
func (f *ManifestFlow) follow(w http.ResponseWriter, r *http.Request, ex *flowExchange) {
	select {
	case <-ex.done:
	case <-r.Context().Done():
		return // this browser left; the first request carries on
	}
	if ex.err != nil {
		f.fail(w, r, ex.status, ex.err, nil)
		return
	}
	sendOn(w, r, ex.installURL)
}

// installURL returns the app's installation page, if it is a URL the
// browser may be sent to: https (http only for a loopback target), with a
// host and no credentials.
func installURL(c *AppCredentials) string {
	u, err := url.Parse(c.InstallURL())
	if err != nil || u.Host == "" || u.User != nil || u.Opaque != "" {
		return ""
	}
	if u.Scheme != "https" && !(u.Scheme == "http" && isLoopback(strings.ToLower(u.Hostname()))) {
		return ""
	}
	return u.String()
}

// sendOn sends the browser to the installation page, or shows that the
// app was created when there is none to send it to.
func sendOn(w http.ResponseWriter, r *http.Request, to string) {
	if to != "" {
		http.Redirect(w, r, to, http.StatusSeeOther)
		return
	}
	writePage(w, http.StatusOK, "GitHub App created", "The GitHub App was created. You can close this page.", nil)
}

// finish reports an exchange's outcome to ServeLoopback.
func (f *ManifestFlow) finish(c *AppCredentials, err error) {
	if f.finished != nil {
		f.finished(c, err)
	}
}

// misroutedError is GitHub's redirect back on a path other than
// RedirectURL's.
type misroutedError struct{ err *FieldError }

func (e *misroutedError) Error() string { return e.err.Error() }

func (e *misroutedError) Unwrap() error { return e.err }

// createdError is an error of Created.
type createdError struct{ err error }

func (e *createdError) Error() string {
	return "ghapp: manifest flow: the app was created, but Created failed: " + e.err.Error()
}

func (e *createdError) Unwrap() error { return e.err }

// watchedWriter notes whether Created wrote the response.
type watchedWriter struct {
	http.ResponseWriter
	wrote bool
}

func (w *watchedWriter) WriteHeader(status int) {
	w.wrote = true
	w.ResponseWriter.WriteHeader(status)
}

func (w *watchedWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

// Unwrap lets [http.ResponseController] reach the response.
func (w *watchedWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// report passes err to OnError and to the log.
func (f *ManifestFlow) report(r *http.Request, err error) {
	if f.OnError != nil {
		f.OnError(r, err)
	}
	f.log(r, slog.LevelWarn, "ghapp: manifest flow", slog.String("error", err.Error()))
}

// fail reports err and writes the error page with status. problems, when
// set, is the error whose *FieldErrors the page lists: the manifest's.
func (f *ManifestFlow) fail(w http.ResponseWriter, r *http.Request, status int, err error, problems error) {
	if f.OnError != nil {
		f.OnError(r, err)
	}
	level := slog.LevelWarn
	if status >= 500 {
		level = slog.LevelError
	}
	f.log(r, level, "ghapp: manifest flow refused a request", slog.Int("status", status), slog.String("error", err.Error()))
	if f.ErrorPage != nil {
		f.ErrorPage(w, r, status, err)
		return
	}
	title, message := pageText(status, err)
	var list []string
	if problems != nil {
		list = fieldProblems(problems)
	}
	writePage(w, status, title, message, list)
}

// log writes a record to f.Logger, with the request's method and path
// (never its query, which holds the code and state).
func (f *ManifestFlow) log(r *http.Request, level slog.Level, msg string, attrs ...slog.Attr) {
	if f.Logger == nil {
		return
	}
	attrs = append(attrs, slog.String("method", r.Method), slog.String("path", r.URL.Path))
	f.Logger.LogAttrs(r.Context(), level, msg, attrs...)
}

// fieldProblems returns the texts of the *FieldErrors joined in err, at
// most 50.
func fieldProblems(err error) []string {
	var out []string
	var walk func(error)
	walk = func(err error) {
		if len(out) >= 50 {
			return
		}
		var fe *FieldError
		if e, ok := err.(*FieldError); ok {
			fe = e
		}
		switch {
		case fe != nil:
			out = append(out, fe.Error())
		default:
			for _, e := range unjoin(err) {
				if e != err {
					walk(e)
				}
			}
		}
	}
	walk(err)
	return out
}

// retryText says when to try again after err: "in N minutes" from its
// Retry-After, or "later".
func retryText(err error) string {
	s, ok := retryAfter(err)
	switch {
	case !ok:
		return "later"
	case s <= 60:
		return "in a minute"
	}
	return "in " + strconv.Itoa((s+59)/60) + " minutes"
}

// pageText returns the title and message of the built-in page for a
// failed request.
func pageText(status int, err error) (title, message string) {
	switch {
	case errors.Is(err, ErrMissingCookie):
		return "Start again in this browser", "This flow was started in another browser, or this browser did not keep its cookie. Start again from this browser."
	case errors.Is(err, ErrStateMismatch):
		return "Start again", "GitHub sent back a state this browser did not start. Start again."
	case errors.Is(err, ErrUnknownState):
		return "Start again", "This flow expired (flows last an hour) or was completed already. Start again."
	case errors.Is(err, ErrInvalidCode):
		return "Start again", "GitHub's redirect carried no valid code. Start again."
	case errors.Is(err, ErrCodeRejected):
		return "GitHub did not accept the code", "GitHub did not accept the code: it expired or was used already. If GitHub created the app, generate a new private key and client secret on the app's settings page."
	case errors.Is(err, ErrHostNotAllowed):
		return "Wrong address", "This server answers on its own address only."
	case errors.Is(err, ErrStoreFull):
		return "Try again later", "Too many apps are being created at the moment. Try again " + retryText(err) + "."
	case errors.Is(err, ErrTooManyPending):
		return "Too many flows under way", "You have started too many GitHub Apps that are not created yet. Finish one on GitHub, or try again " + retryText(err) + "."
	case errors.Is(err, ErrInvalidStartToken):
		return "Open the address the tool gave", "This page starts only from the address the tool printed, with its token."
	case errors.As(err, new(*misroutedError)):
		return "The app was created but not received", "GitHub created the app, but sent its one-time code to an address this server does not take it on. Ask an administrator; the app's settings page on GitHub can generate a new private key and client secret."
	case errors.As(err, new(*createdError)):
		return "The app was created but not saved", "GitHub created the app, but this server could not save its credentials. Ask an administrator; the app's settings page on GitHub can generate a new private key and client secret."
	}
	switch {
	case status == http.StatusMethodNotAllowed:
		return "Method not allowed", "Open this page with GET."
	case status == http.StatusForbidden:
		return "Not allowed", "You may not create a GitHub App here."
	case status == http.StatusBadRequest:
		return "The app cannot be created", "The GitHub App asked for cannot be created."
	case status == http.StatusBadGateway || status == http.StatusGatewayTimeout:
		return "GitHub could not be reached", "Exchanging GitHub's code for the app's credentials failed. If GitHub created the app, generate a new private key and client secret on the app's settings page."
	}
	return "Something went wrong", "The GitHub App could not be created."
}
