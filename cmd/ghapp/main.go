// Command ghapp checks and converts GitHub App registrations for CI jobs
// and terminals: manifests (JSON), Probot's app.yml and registration links.
//
//	ghapp lint app.yml manifest.json links.txt
//	ghapp url app.yml --org octo-org
//	ghapp manifest 'https://github.com/settings/apps/new?name=...' --to yaml
//	ghapp diff old.json new.json --format markdown --fail-on-approval
//	ghapp scopes check --granted "repo, read:org" --required user:email,read:org
//	ghapp explain pull_requests
//	ghapp create --org octo-org app.yml
//	ghapp drift --app-id 12345 --key app.pem app.yml
//
// Run ghapp help for every subcommand, flag, input form and exit code.
package main

import (
	"context"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// Exit codes, the same for every subcommand.
const (
	exitOK       = 0 // nothing found
	exitFindings = 1 // findings, drift, approval needed, scopes missing
	exitUsage    = 2 // a usage error
	exitInput    = 3 // an input that cannot be read, a file that cannot be written, an API failure, a timeout
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run runs the command line args and returns the exit code. Tests call it
// in-process.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return newApp(stdin, stdout, stderr).main(args)
}

// newApp returns a run of the command on the given streams, asking the
// system for everything else.
func newApp(stdin io.Reader, stdout, stderr io.Writer) *app {
	return &app{
		stdin:      stdin,
		stdout:     stdout,
		stderr:     stderr,
		getenv:     os.Getenv,
		readFile:   readFileBounded,
		isTerminal: isTerminal,
		interrupt:  interruptContext,
	}
}

// interruptContext returns a context that ends on Ctrl-C (SIGINT) or
// SIGTERM, and the function that stops listening for them.
func interruptContext(parent context.Context) (context.Context, context.CancelFunc) {
	return signal.NotifyContext(parent, os.Interrupt, syscall.SIGTERM)
}

// An app is one run of the command: its streams and what it asks of the
// system, so that tests can stand in for each.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	// readFile reads an input file; it is os.ReadFile bounded to
	// maxInput bytes.
	readFile func(name string) ([]byte, error)
	// isTerminal reports whether w is a terminal, for colour.
	isTerminal func(w io.Writer) bool
	// interrupt returns a context that ends when the person stops the
	// command (Ctrl-C), for the commands that wait on GitHub.
	interrupt func(parent context.Context) (context.Context, context.CancelFunc)
}
