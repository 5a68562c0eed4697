package ghapp

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// DefaultLoopbackTimeout bounds a [ServeLoopback] run whose options set no
// Timeout: time enough to confirm an app on GitHub.
const DefaultLoopbackTimeout = 15 * time.Minute

// LoopbackOptions configure [ServeLoopback].
type LoopbackOptions struct {
	// Addr is the address to listen on: a loopback IP address (127.0.0.0/8
	// or ::1) and a port. "" means "127.0.0.1:0", a free port.
	Addr string
	// Timeout bounds the whole run, from listening to the app's creation;
	// zero means DefaultLoopbackTimeout.
	Timeout time.Duration
	// Ready, if set, is called once the server listens, with the URL of
	// the start page ("http://127.0.0.1:PORT/?token=TOKEN"), to print or
	// open. The token is random, made for this run: the server starts a
	// flow only for a request that carries it, so another program or user
	// of the machine, which can reach the port but not the URL, cannot
	// hand the tool an app of its own. Show the URL only to the person
	// running the tool.
	Ready func(startURL string)
}

// ServeLoopback runs f for a tool on a laptop: it serves the flow on a
// loopback address (see [LoopbackOptions]) until one exchange of GitHub's
// code has finished, and returns the app's credentials.
//
// f's RedirectURL is replaced by the server's own, http://ADDR/callback;
// its other fields are used as they are, and f itself is not changed.
// Created may be nil: the credentials come back either way. A GET with
// the token of the URL Ready receives starts a flow; print or open that
// URL. A start without the token gets 403, and [ErrInvalidStartToken]
// goes to OnError: any local program can reach the port, and the run
// ends with the first exchange, so only the person given the URL may
// start one. Past that check, f's hooks see the request without the
// token. The callback needs no token: the flow's state and cookie bind it
// to the browser that started.
//
// The server answers only requests whose Host header is its own address
// (421 otherwise, [ErrHostNotAllowed]), so a web page cannot reach it
// through DNS rebinding. It ends:
//
//   - when an exchange has finished: it returns the credentials, with nil
//     or Created's error (show them rather than lose them), or nil and the
//     exchange's error ([ErrCodeRejected], ...). Requests that are refused
//     before an exchange (another browser, a wrong state) do not end it;
//   - when ctx is done or the Timeout passes: it returns nil and ctx's
//     error or one wrapping [context.DeadlineExceeded], but an exchange
//     under way is let finish first, and its credentials come back.
//
// Other errors are those of listening, and of f's fields
// ([ManifestFlow.Validate]); a nil f is a [*FieldError] for "ManifestFlow"
// wrapping [ErrRequired].
func ServeLoopback(ctx context.Context, f *ManifestFlow, opts LoopbackOptions) (*AppCredentials, error) {
	if f == nil {
		return nil, fieldErr("ManifestFlow", ErrRequired, "ServeLoopback needs a ManifestFlow")
	}
	addr := opts.Addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	host, _, err := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		return nil, fieldErr("Addr", ErrHostNotAllowed, "%s is not a loopback IP address and port", quoteBounded(addr))
	}
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = DefaultLoopbackTimeout
	}
	token, err := NewState()
	if err != nil {
		return nil, fmt.Errorf("ghapp: loopback: %w", err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("ghapp: loopback: %w", err)
	}
	own := ln.Addr().String()
	origin := "http://" + own

	type outcome struct {
		creds *AppCredentials
		err   error
	}
	ended := make(chan outcome, 1)
	var endOnce sync.Once
	created := f.Created
	flow := &ManifestFlow{
		Manifest:    f.Manifest,
		RedirectURL: origin + "/callback",
		Created: func(w http.ResponseWriter, r *http.Request, c *AppCredentials) error {
			if created != nil {
				return created(w, r, c)
			}
			return nil
		},
		States:              f.States,
		Client:              f.Client,
		Allow:               f.Allow,
		MaxPendingPerClient: f.MaxPendingPerClient,
		ClientKey:           f.ClientKey,
		ExchangeTimeout:     f.ExchangeTimeout,
		OnError:             f.OnError,
		ErrorPage:           f.ErrorPage,
		Logger:              f.Logger,
		now:                 f.now,
		maxPending:          f.maxPending,
		allowHost:           own,
		startToken:          token,
		finished: func(c *AppCredentials, err error) {
			endOnce.Do(func() { ended <- outcome{c, err} })
		},
	}
	if err := flow.Validate(); err != nil {
		ln.Close()
		return nil, err
	}
	srv := &http.Server{Handler: flow, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: time.Minute}
	served := make(chan struct{})
	go func() {
		defer close(served)
		_ = srv.Serve(ln) // ends with Shutdown or Close
	}()
	// stop lets a request under way (an exchange, Created, the redirect
	// after them) finish, then closes the server.
	exchangeTimeout := flow.ExchangeTimeout
	if exchangeTimeout <= 0 {
		exchangeTimeout = DefaultTimeout
	}
	stop := func() {
		sctx, cancel := context.WithTimeout(context.Background(), exchangeTimeout+10*time.Second)
		defer cancel()
		if srv.Shutdown(sctx) != nil {
			_ = srv.Close()
		}
		<-served
	}
	if opts.Ready != nil {
		opts.Ready(origin + "/?token=" + token)
	}
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case o := <-ended:
		stop()
		return o.creds, o.err
	case <-ctx.Done():
		err = fmt.Errorf("ghapp: loopback: %w", ctx.Err())
	case <-timer.C:
		err = fmt.Errorf("ghapp: loopback: no app was created within %v: %w", timeout, context.DeadlineExceeded)
	}
	stop()
	select {
	case o := <-ended: // an exchange that was under way
		return o.creds, o.err
	default:
		return nil, err
	}
}
