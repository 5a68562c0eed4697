// Command registration-url prints the link that opens GitHub's "Register new
// GitHub App" page filled in with the app of GitHub's documented example.
//
//	go run ./examples/registration-url
//	go run ./examples/registration-url -org octo-org -base https://github.example.com
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/ghapp-dev/ghapp"
)

func main() {
	org := flag.String("org", "", "register the app on this organization (default: the personal account of whoever opens the link)")
	base := flag.String("base", "", "GitHub Enterprise Server or GHE.com origin (default: https://github.com)")
	flag.Parse()
	if err := run(os.Stdout, ghapp.Target{BaseURL: *base, Organization: *org}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(w io.Writer, t ghapp.Target) error {
	c, err := ghapp.New().
		Name("octocat-github-app").
		Description("An Octocat App").
		CallbackURLs("https://example.com").
		RequestOAuthOnInstall(true).
		Public(true).
		Permission(ghapp.PermissionChecks, ghapp.LevelWrite).
		Events(ghapp.EventCheckRun, ghapp.EventCheckSuite).
		Build()
	if err != nil {
		return err
	}
	link, err := c.RegistrationURL(t)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(w, link)
	return err
}
