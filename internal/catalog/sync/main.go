// Command sync checks the catalogue (internal/catalog/catalog.txt) against
// GitHub REST API descriptions, and against GitHub's page on personal access
// tokens, and prints what it lacks or has wrong.
//
// Run it from the repository root:
//
//	go run ./internal/catalog/sync [-openapi FILE ...] [-plan NAME] [-tokens PAGE] [-catalog FILE]
//
// Each FILE is a REST API description as published in
// github/rest-api-description (for instance
// descriptions/ghes-3.19/ghes-3.19.json), or an extract of one: the bare
// app-permissions schema, or an object holding only "x-webhooks". The plan is
// the -plan flag, else it is taken from the file name (api.github.com, ghec,
// ghes-3.NN), else from the description's info block or servers.
//
// For each plan, sync compares the app-permissions schema with the
// catalogue's permissions (names, levels, plans) and the webhooks with its
// events (plans, whether apps can receive them, and the permissions the
// webhook summaries say an app needs to subscribe).
//
// PAGE is the Markdown source of GitHub's page "Managing your personal access
// tokens" (github/docs
// content/authentication/keeping-your-account-and-data-secure/managing-your-personal-access-tokens.md).
// Its tables of the permissions a fine-grained token link takes are compared
// with the catalogue's token records: names, resources, levels and titles.
// So are its example links: each permission they ask for must be a token
// record at a level it allows, and a record of "source example" (a name
// only an example link gives) must be asked for by one, at its levels.
//
// At least one -openapi or -tokens is needed. It prints one line per
// finding, sorted, then "note:" lines that need no change to the catalogue.
// It exits 1 if there was any finding, 0 if none, and 2 on a usage or read
// error.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/ghapp-dev/ghapp/internal/catalog"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// fileList is a flag.Value collecting every -openapi flag.
type fileList []string

func (f *fileList) String() string     { return strings.Join(*f, ", ") }
func (f *fileList) Set(s string) error { *f = append(*f, s); return nil }

// run is the command with its arguments and output, returning the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("sync", flag.ContinueOnError)
	flags.SetOutput(stderr)
	var files fileList
	flags.Var(&files, "openapi", "a REST API description or extract `FILE` (repeatable)")
	plan := flags.String("plan", "", "the plan `NAME` of every file (default: from the file name or content)")
	catFile := flags.String("catalog", "", "the catalogue `FILE` to check (default: the committed catalog.txt)")
	tokens := flags.String("tokens", "", "GitHub's Markdown `PAGE` on managing personal access tokens")
	if err := flags.Parse(args); err != nil {
		return 2
	}
	if len(files) == 0 && *tokens == "" || flags.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: sync [-openapi FILE ...] [-plan NAME] [-tokens PAGE] [-catalog FILE]")
		return 2
	}

	c, err := loadCatalog(*catFile)
	if err != nil {
		fmt.Fprintln(stderr, "sync:", err)
		return 2
	}
	byPlan := map[string]*description{}
	for _, name := range files {
		p, d, err := readFile(name, *plan)
		if err != nil {
			fmt.Fprintln(stderr, "sync:", err)
			return 2
		}
		if byPlan[p] == nil {
			byPlan[p] = &description{}
		}
		if err := byPlan[p].merge(d); err != nil {
			fmt.Fprintf(stderr, "sync: %s: %v\n", name, err)
			return 2
		}
	}

	var findings, notes []string
	if *tokens != "" {
		rows, examples, err := readTokenFile(*tokens)
		if err != nil {
			fmt.Fprintln(stderr, "sync:", err)
			return 2
		}
		findings = append(findings, checkTokens(c, rows, examples)...)
	}
	for p, d := range byPlan {
		f, n := check(c, p, d)
		findings = append(findings, f...)
		notes = append(notes, n...)
	}
	sort.Strings(findings)
	sort.Strings(notes)
	for _, line := range append(findings, notes...) {
		fmt.Fprintln(stdout, line)
	}
	if len(findings) > 0 {
		return 1
	}
	return 0
}

// loadCatalog parses the catalogue file name, or the committed one if name
// is empty.
func loadCatalog(name string) (*catalog.Catalog, error) {
	if name == "" {
		c, err := catalog.Load()
		if err != nil {
			return nil, fmt.Errorf("catalog.txt: %v", err)
		}
		return c, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	c, err := catalog.Parse(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	return c, nil
}
