// Command manifest-flow creates a GitHub App from a manifest, the whole
// manifest flow in one run:
//
//	go run ./examples/manifest-flow -manifest app.json [-org ORG] [-base URL] [-env .env]
//
// It serves a page on a loopback address and prints that address; opening it
// in a browser posts the manifest to GitHub, where you confirm the app.
// GitHub then sends the browser back to this program with a one-hour code,
// which it checks against the state it started with and exchanges for the
// app's credentials. It writes them to an env file (mode 0600, with Probot's
// variable names) and prints the app's page and installation link. It opens
// nothing by itself.
//
// The manifest's redirect_url is set to this program's own address. Without
// -manifest, -name and -homepage describe a minimal app.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/signal"
	"time"

	"github.com/ghapp-dev/ghapp"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, options{}); err != nil {
		fmt.Fprintln(os.Stderr, "manifest-flow:", err)
		os.Exit(1)
	}
}

// options are what tests set beyond the command line.
type options struct {
	state string            // a fixed state instead of a random one
	ready func(addr string) // called with the page's address once it serves
}

// flow is one run of the manifest flow.
type flow struct {
	manifest  ghapp.Manifest
	target    ghapp.Target
	state     string
	envPath   string
	overwrite bool
	done      chan result
}

type result struct {
	creds *ghapp.AppCredentials
	err   error
}

func run(ctx context.Context, args []string, stdout io.Writer, opt options) error {
	flags := flag.NewFlagSet("manifest-flow", flag.ContinueOnError)
	manifestPath := flags.String("manifest", "", "manifest JSON `file` (default: a minimal app from -name and -homepage)")
	name := flags.String("name", "", "app name, without -manifest")
	homepage := flags.String("homepage", "https://example.com", "app homepage, without -manifest")
	org := flags.String("org", "", "register the app on this organization (default: your personal account)")
	base := flags.String("base", "", "GitHub Enterprise Server or GHE.com `origin` (default: https://github.com)")
	listen := flags.String("listen", "127.0.0.1:0", "loopback `address` to serve the page on")
	envPath := flags.String("env", ".env", "env `file` to write the credentials to")
	overwrite := flags.Bool("overwrite", false, "replace an existing env file")
	if err := flags.Parse(args); err != nil {
		return err
	}

	f := &flow{target: ghapp.Target{BaseURL: *base, Organization: *org}, envPath: *envPath, overwrite: *overwrite, done: make(chan result, 1)}
	if *manifestPath != "" {
		file, err := os.Open(*manifestPath)
		if err != nil {
			return err
		}
		f.manifest, err = ghapp.ReadManifest(file)
		file.Close()
		if err != nil {
			return fmt.Errorf("%s:\n%w", *manifestPath, err)
		}
	} else {
		f.manifest = ghapp.Manifest{Name: *name, URL: *homepage}
	}

	host, _, err := net.SplitHostPort(*listen)
	if ip := net.ParseIP(host); err != nil || host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("-listen %s: serve on a loopback address only", *listen)
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	addr := "http://" + ln.Addr().String()
	f.manifest.RedirectURL = addr + "/redirect"
	if f.state = opt.state; f.state == "" {
		if f.state, err = ghapp.NewState(); err != nil {
			ln.Close()
			return err
		}
	}
	// Check everything before serving: the page must be writable, and the
	// env file must be there to take the credentials, which GitHub gives
	// once. It is created now, empty and readable by its owner only.
	if err := f.manifest.WriteForm(io.Discard, f.target, f.state); err != nil {
		ln.Close()
		return err
	}
	if err := reserve(f.envPath, f.overwrite); err != nil {
		ln.Close()
		return err
	}
	finished := false
	defer func() {
		if !finished {
			os.Remove(f.envPath) // still empty: nothing was created
		}
	}()

	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", f.form)
	mux.HandleFunc("GET /redirect", f.redirect)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }() // ends with Shutdown
	defer func() {
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdownCtx)
	}()

	fmt.Fprintf(stdout, "Open %s/ in your browser to register %s on GitHub.\n", addr, appName(f.manifest))
	if opt.ready != nil {
		opt.ready(addr)
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case r := <-f.done:
		if r.creds == nil {
			return r.err
		}
		finished = true
		fmt.Fprintf(stdout, "Created %s (app ID %d).\n", r.creds.Name, r.creds.ID)
		if r.err != nil {
			// The app exists and GitHub will not give its secrets again:
			// show them here rather than lose them.
			fmt.Fprintf(stdout, "Writing %s failed (%v); the credentials follow, keep them safe:\n", f.envPath, r.err)
			if err := r.creds.WriteEnv(stdout); err != nil {
				return err
			}
			return r.err
		}
		fmt.Fprintf(stdout, "Credentials written to %s.\n", f.envPath)
		fmt.Fprintf(stdout, "App page: %s\n", r.creds.HTMLURL)
		fmt.Fprintf(stdout, "Install it: %s\n", r.creds.InstallURL())
		return nil
	}
}

func appName(m ghapp.Manifest) string {
	if m.Name == "" {
		return "the app"
	}
	return fmt.Sprintf("%q", m.Name)
}

// form serves the page that posts the manifest to GitHub.
func (f *flow) form(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := f.manifest.WriteForm(w, f.target, f.state); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

var donePage = template.Must(template.New("done").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>GitHub App created</title></head>
<body><p>Created <a href="{{.HTMLURL}}">{{.Name}}</a>. <a href="{{.InstallURL}}">Install it</a>. You can close this page.</p></body></html>
`))

// redirect receives the browser back from GitHub with the code.
func (f *flow) redirect(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if ghapp.CheckState(q.Get("state"), f.state) != nil {
		http.Error(w, "The state does not match the one this flow started with; ignoring the request.", http.StatusBadRequest)
		return
	}
	code := q.Get("code")
	creds, err := ghapp.ConvertManifestCode(r.Context(), nil, f.target, code)
	if err != nil {
		http.Error(w, "Creating the app failed: "+err.Error(), http.StatusBadGateway)
		f.finish(result{err: err})
		return
	}
	if err := creds.WriteEnvFile(f.envPath, true); err != nil { // the file reserve made
		http.Error(w, "The app was created, but saving its credentials failed; see the terminal.", http.StatusInternalServerError)
		f.finish(result{creds: creds, err: err})
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = donePage.Execute(w, struct{ Name, HTMLURL, InstallURL string }{creds.Name, creds.HTMLURL, creds.InstallURL()})
	f.finish(result{creds: creds})
}

// reserve creates the env file at path, empty and with mode 0600, so that
// the credentials can be written there at the end. It fails if the file
// exists, unless overwrite is true.
func reserve(path string, overwrite bool) error {
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if overwrite {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	file, err := os.OpenFile(path, flags, 0o600)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s exists; pass -overwrite to replace it", path)
		}
		return err
	}
	return file.Close()
}

// finish reports the flow's end once; later redirects change nothing.
func (f *flow) finish(r result) {
	select {
	case f.done <- r:
	default:
	}
}
