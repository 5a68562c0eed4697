// Command ghapp checks and converts GitHub App registrations for CI jobs
// and terminals: manifests (JSON), Probot's app.yml and registration links.
//
//	ghapp lint app.yml manifest.json links.txt
//	ghapp url app.yml --org octo-org
//	ghapp manifest 'https://github.com/settings/apps/new?name=...' --to yaml
//	ghapp diff old.json new.json --format markdown --fail-on-approval
//	ghapp scopes check --granted "repo, read:org" --required user:email,read:org
//	ghapp explain pull_requests
//
// Run ghapp help for every subcommand, flag, input form and exit code.
package main

import (
	"io"
	"os"
)

// Exit codes, the same for every subcommand.
const (
	exitOK       = 0 // nothing found
	exitFindings = 1 // findings, approval needed, scopes missing
	exitUsage    = 2 // a usage error
	exitInput    = 3 // an input that cannot be read, or an API failure
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run runs the command line args and returns the exit code. Tests call it
// in-process.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	a := &app{
		stdin:      stdin,
		stdout:     stdout,
		stderr:     stderr,
		getenv:     os.Getenv,
		readFile:   readFileBounded,
		isTerminal: isTerminal,
	}
	return a.main(args)
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
}
