// Command manifest-flow creates a GitHub App from a manifest, the whole
// manifest flow in one run:
//
//	go run ./examples/manifest-flow -manifest app.json [-org ORG] [-base URL] [-env .env]
//
// It serves a page on 127.0.0.1 and prints its address, which carries a
// token made for the run: without it the page is refused, so another
// program on the machine cannot start a flow and hand the tool an app of
// its own. Opening the address in a browser posts the manifest to GitHub,
// where you confirm the app. GitHub then sends the browser back here with
// a one-hour code, which is exchanged for the app's credentials (see
// ghapp.ServeLoopback). They are written to an env file (atomically, mode
// 0600, with Probot's variable names) and the program prints the app's
// page and installation link. It opens nothing by itself, and ends after
// one app, on Ctrl-C or SIGTERM, or after -timeout.
//
// Nothing is written before GitHub has given the credentials. If the env
// file cannot be written then, the credentials are printed instead, as
// JSON: GitHub gives them once. Without -manifest, -name and -homepage
// describe a minimal app.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/ghapp-dev/ghapp"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, options{}); err != nil {
		fmt.Fprintln(os.Stderr, "manifest-flow:", err)
		os.Exit(1)
	}
}

// options are what tests set beyond the command line.
type options struct {
	ready func(startURL string) // called once the page is served
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
	overwrite := flags.Bool("overwrite", false, "replace an existing env file, once the new one is complete")
	timeout := flags.Duration("timeout", ghapp.DefaultLoopbackTimeout, "give up after this long")
	if err := flags.Parse(args); err != nil {
		return err
	}

	m := ghapp.Manifest{Name: *name, URL: *homepage}
	if *manifestPath != "" {
		file, err := os.Open(*manifestPath)
		if err != nil {
			return err
		}
		m, err = ghapp.ReadManifest(file)
		file.Close()
		if err != nil {
			return fmt.Errorf("%s:\n%w", *manifestPath, err)
		}
	}
	target := ghapp.Target{BaseURL: *base, Organization: *org}
	// Check everything before serving, without touching the env file:
	// the page must be writable, and the env file writable at the end.
	if err := m.WriteForm(io.Discard, target, "check"); err != nil {
		return err
	}
	if err := checkEnvPath(*envPath, *overwrite); err != nil {
		return err
	}

	flow := &ghapp.ManifestFlow{
		Manifest: func(*http.Request) (ghapp.Manifest, ghapp.Target, error) { return m, target, nil },
		Created: func(_ http.ResponseWriter, _ *http.Request, c *ghapp.AppCredentials) error {
			return c.WriteEnvFile(*envPath, *overwrite)
		},
	}
	creds, err := ghapp.ServeLoopback(ctx, flow, ghapp.LoopbackOptions{Addr: *listen, Timeout: *timeout, Ready: func(u string) {
		fmt.Fprintf(stdout, "Open %s in your browser to register %s on GitHub.\n", u, appName(m))
		if opt.ready != nil {
			opt.ready(u)
		}
	}})
	if creds == nil {
		return err
	}
	fmt.Fprintf(stdout, "Created %s (app ID %d).\n", printable(creds.Name), creds.ID)
	if err != nil {
		// The app exists and GitHub will not give its secrets again: show
		// them here rather than lose them.
		fmt.Fprintf(stdout, "Writing %s failed (%v); the credentials follow as JSON, keep them safe:\n", *envPath, err)
		data, jerr := creds.RevealJSON()
		if jerr != nil {
			return errors.Join(err, jerr)
		}
		fmt.Fprintln(stdout, asciiJSON(data))
		return err
	}
	fmt.Fprintf(stdout, "Credentials written to %s.\n", *envPath)
	fmt.Fprintf(stdout, "App page: %s\n", printable(creds.HTMLURL))
	fmt.Fprintf(stdout, "Install it: %s\n", printable(creds.InstallURL()))
	return nil
}

// checkEnvPath fails early if the env file could not be written at the
// end: it exists and overwrite is false, or it is not a regular file.
// WriteEnvFile checks again when it writes.
func checkEnvPath(path string, overwrite bool) error {
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		dir, derr := os.Stat(filepath.Dir(path))
		if derr != nil {
			return derr
		}
		if !dir.IsDir() {
			return fmt.Errorf("%s: not a folder", filepath.Dir(path))
		}
		return nil
	case err != nil:
		return err
	case !fi.Mode().IsRegular():
		return fmt.Errorf("%s is not a regular file (a link, a FIFO or a folder); not writing through it: %w", path, ghapp.ErrUnsafeFile)
	case !overwrite:
		return fmt.Errorf("%s exists; pass -overwrite to replace it: %w", path, fs.ErrExist)
	}
	return nil
}

func appName(m ghapp.Manifest) string {
	if m.Name == "" {
		return "the app"
	}
	return strconv.QuoteToASCII(m.Name)
}

// printable returns s as it is when it is printable ASCII, and quoted with
// every other character escaped otherwise: text from GitHub's answer never
// reaches the terminal as escape sequences.
func printable(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return strconv.QuoteToASCII(s)
		}
	}
	return s
}

// asciiJSON returns JSON with every character outside printable ASCII
// written as a \u escape: the same JSON, safe on a terminal.
func asciiJSON(data []byte) string {
	var b strings.Builder
	for _, r := range string(data) {
		switch {
		case r >= 0x20 && r < 0x7f:
			b.WriteRune(r)
		case r > 0xffff:
			r1, r2 := utf16.EncodeRune(r)
			fmt.Fprintf(&b, `\u%04x\u%04x`, r1, r2)
		case r == utf8.RuneError:
			b.WriteString(`\ufffd`)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	return b.String()
}
