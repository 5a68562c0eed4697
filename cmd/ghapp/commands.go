package main

import (
	"errors"
	"flag"
	"io"
	"runtime/debug"
	"strings"

	"github.com/ghapp-dev/ghapp"
)

// A command is one subcommand: its help and its flags. flags defines the
// flags on a FlagSet and returns the function that runs the command with
// them, given the arguments that are not flags.
type command struct {
	name     string
	args     string // what follows the flags in the usage line
	summary  string // one line, for the list of commands
	about    string // paragraphs for the command's help
	examples []string
	// flagExamples holds an example of each flag in use, by its name: the
	// arguments after "ghapp NAME".
	flagExamples map[string]string
	flags        func(fs *flag.FlagSet) func(a *app, fs *flag.FlagSet, args []string) int
}

// commands returns the subcommands, in the order help lists them.
func commands() []command {
	return []command{
		{
			name: "lint", args: "FILE...",
			summary: "check manifests, app.yml files and files of links",
			about: `Checks each FILE against every rule GitHub applies to a registration and
reports every mistake at once, each with its file, line and column.

Without --plan, --org or --base, a name any plan knows is accepted; with
them, each manifest and app.yml is checked as the manifest flow would post
it to that target, its permissions and events against that target's plan
(github.com, GHE.com, or a GitHub Enterprise Server version: --plan
ghes-3.17 alone checks against that version). A link names its own host
and organization: --base and --org then say what each link must register
on, and --plan which server version it must suit. A link also gets a
warning for each value it leaves for the person registering the app to
type (name, url, an active webhook's webhook_url).

Exits 1 when there is an error (warnings alone exit 0).`,
			examples: []string{
				"ghapp lint app.yml",
				"ghapp lint --format github app.yml manifests/*.json",
				"ghapp lint --plan ghes-3.17 --base https://github.example.com links.txt",
				"ghapp lint --allow-unknown --format sarif app.yml > ghapp.sarif",
			},
			flagExamples: map[string]string{
				"plan":          "--plan ghes-3.17 app.yml",
				"org":           "--org octo-org --base https://github.example.com links.txt",
				"base":          "--base https://github.example.com --plan ghes-3.19 app.yml",
				"format":        "--format github app.yml",
				"allow-unknown": "--allow-unknown app.yml",
			},
			flags: lintFlags,
		},
		{
			name: "url", args: "FILE | --parse LINK",
			summary: "print the registration link for a manifest or app.yml, or the manifest a link describes",
			about: `Prints the link that opens GitHub's "Register new GitHub App" page filled in
with FILE's registration (a manifest, an app.yml, or a file of one link),
for a personal account or --org, on github.com or --base. A manifest's
redirect_url has no link parameter and is left out, with a warning.

With --parse, reads LINK and prints the manifest JSON it describes; a link
may leave out the url a manifest requires, or hold single-file settings a
manifest has no key for: the manifest is printed and the problems said.`,
			examples: []string{
				"ghapp url app.yml",
				"ghapp url --org octo-org --base https://github.example.com manifest.json",
				"ghapp url --parse 'https://github.com/settings/apps/new?name=octoapp&url=https://example.com&checks=write'",
			},
			flagExamples: map[string]string{
				"plan":          "--base https://github.example.com --plan ghes-3.17 app.yml",
				"org":           "--org octo-org app.yml",
				"base":          "--base https://github.example.com app.yml",
				"format":        "--format json app.yml",
				"allow-unknown": "--allow-unknown app.yml",
				"parse":         "--parse 'https://github.com/settings/apps/new?name=octoapp&url=https://example.com'",
			},
			flags: urlFlags,
		},
		{
			name: "manifest", args: "FILE | LINK",
			summary: "convert between a link, app.yml and manifest JSON",
			about: `Converts the registration FILE or LINK gives to --to json (a manifest, keys
in GitHub's order), yaml (Probot's app.yml, with public written out since
Probot makes an app public unless app.yml says otherwise) or link (a
registration link, for --org and --base).`,
			examples: []string{
				"ghapp manifest app.yml",
				"ghapp manifest --to yaml manifest.json > app.yml",
				"ghapp manifest --to link --org octo-org app.yml",
				"ghapp manifest 'https://github.com/settings/apps/new?name=octoapp&url=https://example.com&issues=write&events[]=issues'",
			},
			flagExamples: map[string]string{
				"plan":          "--to link --base https://github.example.com --plan ghes-3.17 app.yml",
				"org":           "--to link --org octo-org app.yml",
				"base":          "--to link --base https://github.example.com app.yml",
				"format":        "--format github app.yml",
				"allow-unknown": "--allow-unknown manifest.json",
				"to":            "--to yaml manifest.json",
			},
			flags: manifestFlags,
		},
		{
			name: "diff", args: "OLD NEW",
			summary: "say what changes in permissions and events, and who must approve",
			about: `Compares two registrations, each any form (a manifest, an app.yml, a file
of one link, or a LINK), as installations see them: the permissions added,
upgraded, downgraded and removed, and the events added and removed.
Installations must approve added and upgraded permissions before the change
reaches them. --format markdown writes tables for a pull request comment.`,
			examples: []string{
				"ghapp diff old/app.yml app.yml",
				"ghapp diff --format markdown --fail-on-approval base.json head.json > comment.md",
			},
			flagExamples: map[string]string{
				"format":           "--format markdown old.json new.json",
				"fail-on-approval": "--fail-on-approval old.json new.json",
				"allow-unknown":    "--allow-unknown old.json new.json",
			},
			flags: diffFlags,
		},
		{
			name: "scopes", args: "check --granted SCOPES --required SCOPES",
			summary: "check an OAuth token's scopes against those a tool needs",
			about: `scopes check compares the scopes a token has (--granted, as GitHub's
X-OAuth-Scopes header lists them) with those a tool needs (--required),
counting the scopes others include (repo includes repo:status), and says
what is missing, the scopes to ask for in a new authorization (what the
token has and what it lacks), and, with --client-id, the authorize link
that asks for them. Exits 1 when a scope is missing.`,
			examples: []string{
				`ghapp scopes check --granted "repo, read:org" --required user:email,read:org`,
				`ghapp scopes check --granted "repo:status" --required repo --client-id Ov23liExample`,
			},
			flagExamples: map[string]string{
				"granted":   `check --granted "repo, read:org" --required user:email`,
				"required":  `check --granted repo --required user:email,read:org`,
				"client-id": `check --granted repo --required workflow --client-id Ov23liExample`,
				"base":      `check --granted repo --required workflow --client-id Ov23liExample --base https://github.example.com`,
				"format":    `check --format json --granted repo --required workflow`,
			},
			flags: scopesFlags,
		},
		{
			name: "explain", args: "NAME",
			summary: "say what a permission, event or scope is",
			about: `Says what NAME is: for a permission, what it applies to, its levels and what
each lets an app do, and the events it lets an app subscribe to; for an
event, what subscribing needs; for a scope, what it lets an app do and the
scopes it includes; for each, the plans that have it. Some names are two
things (issues is a permission and an event): both are explained. An
unknown name gets a suggestion and exits 1.`,
			examples: []string{
				"ghapp explain pull_requests",
				"ghapp explain check_run",
				"ghapp explain repo:status",
			},
			flagExamples: map[string]string{
				"format": "--format json issues",
			},
			flags: explainFlags,
		},
		{
			name: "create", args: "FILE | LINK",
			summary: "register the app FILE describes through the manifest flow",
			about: `Registers the app FILE (a manifest, an app.yml, or a file of one link) or
LINK describes, through GitHub's manifest flow on a loopback address. The
manifest is checked first, as lint --org --base --plan checks it: a mistake
exits 1, and an existing --env file without --overwrite exits 2, before
anything is served. Then it prints the address to open in a browser (on this machine),
whose page posts the manifest to GitHub (for --org, on --base). Once you
confirm the app there, GitHub sends the browser back with a one-hour code,
which ghapp exchanges for the new app's credentials and writes to --env:
mode 0600, written atomically, with Probot's names (APP_ID, PRIVATE_KEY,
WEBHOOK_SECRET, GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET), never to the
terminal. Then it prints the app's page and its installation link.

If --env cannot be written once the app exists, the credentials go to a new
file beside it (.env.app-ID for --env .env, mode 0600), which ghapp names,
and it exits 3; if that fails
too, it says where to make a new private key and client secret. Ctrl-C or
--timeout stop the wait (an exchange under way is let finish).

Exits 0 when the app is created and its credentials are in --env; 1 when
FILE has a mistake; 2 on a usage error; 3 when FILE cannot be read, GitHub
refuses the code, the credentials could not be written to --env, on Ctrl-C
and on --timeout.`,
			examples: []string{
				"ghapp create app.yml",
				"ghapp create --org octo-org --env .env manifest.json",
				"ghapp create --base https://github.example.com --overwrite --timeout 5m app.yml",
			},
			flagExamples: map[string]string{
				"plan":          "--base https://github.example.com --plan ghes-3.17 app.yml",
				"org":           "--org octo-org app.yml",
				"base":          "--base https://github.example.com app.yml",
				"env":           "--env .env.local app.yml",
				"overwrite":     "--overwrite --env .env app.yml",
				"timeout":       "--timeout 5m app.yml",
				"allow-unknown": "--allow-unknown app.yml",
			},
			flags: createFlags,
		},
		{
			name: "drift", args: "--app-id ID --key KEY.pem FILE | LINK",
			summary: "compare a registration with the live app and its installations",
			about: `Compares FILE's (or LINK's) registration with the app on GitHub, as the app
itself reads it (a JSON Web Token signed by --key, for --app-id): its
permissions, events, name, description, url and webhook URL, and whether
each installation has accepted the app's permissions. It says what differs,
where to change it, and who must approve. A setting FILE leaves out is not
compared; those GitHub's API does not return (callback_urls, setup_url, ...)
are named. --format markdown writes it for a pull request comment, json as
one object for a program, github as text and a workflow command for each
difference and each installation that has not accepted (an error).

The key is read from --key and never printed. Exits 0 when the app matches
and every installation has accepted its permissions; 1 when anything
differs (or FILE has a mistake); 2 on a usage error; 3 when FILE or the key
cannot be read, or GitHub cannot be asked: a token it refuses (401), no
such app or API (404), its rate limit.`,
			examples: []string{
				"ghapp drift --app-id 12345 --key app.pem app.yml",
				"ghapp drift --format markdown --app-id 12345 --client-id Iv23liExample --key app.pem app.yml > comment.md",
				"ghapp drift --base https://github.example.com --plan ghes-3.17 --app-id 12 --key app.pem manifest.json",
			},
			flagExamples: map[string]string{
				"app-id":        "--app-id 12345 --key app.pem app.yml",
				"client-id":     "--app-id 12345 --client-id Iv23liExample --key app.pem app.yml",
				"key":           "--app-id 12345 --key app.pem app.yml",
				"base":          "--base https://github.example.com --app-id 12345 --key app.pem app.yml",
				"plan":          "--base https://github.example.com --plan ghes-3.17 --app-id 12345 --key app.pem app.yml",
				"format":        "--format github --app-id 12345 --key app.pem app.yml",
				"allow-unknown": "--allow-unknown --app-id 12345 --key app.pem app.yml",
			},
			flags: driftFlags,
		},
		{
			name: "version", summary: "print ghapp's version and its catalogue's date",
			about:    `Prints the command's module version and the date its catalogue of permissions, events and scopes was last checked against GitHub's.`,
			examples: []string{"ghapp version"},
			flags: func(*flag.FlagSet) func(*app, *flag.FlagSet, []string) int {
				return func(a *app, _ *flag.FlagSet, args []string) int {
					if len(args) > 0 {
						return a.usageError("version", "takes no arguments")
					}
					return a.version()
				}
			},
		},
		{
			name: "help", args: "[COMMAND]",
			summary:  "show this help, or a command's",
			about:    "Shows the help, or a command's: its flags and examples.",
			examples: []string{"ghapp help", "ghapp help lint"},
			flags: func(*flag.FlagSet) func(*app, *flag.FlagSet, []string) int {
				return func(a *app, _ *flag.FlagSet, args []string) int { return a.help(args) }
			},
		},
	}
}

// lookup returns the command named name.
func lookup(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

func commandNames() []string {
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	return names
}

// main runs the command line args.
func (a *app) main(args []string) int {
	if len(args) == 0 {
		a.writeHelp(a.stderr)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help":
		a.writeHelp(a.stdout)
		return exitOK
	}
	c, ok := lookup(name)
	if !ok {
		if strings.HasPrefix(name, "-") {
			return a.usageError("", "flags come after the command: ghapp COMMAND [flags]; %s is not a command", quote(name))
		}
		return a.usageError("", "unknown command %s%s", quote(name), didYouMean(name, commandNames()))
	}
	fs := flag.NewFlagSet("ghapp "+c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	runCmd := c.flags(fs)
	rest, err := parseFlags(fs, args[1:])
	if errors.Is(err, flag.ErrHelp) {
		a.writeCommandHelp(a.stdout, c)
		return exitOK
	}
	if err != nil {
		return a.usageError(c.name, "%s", trusted(flagError(fs, err)))
	}
	return runCmd(a, fs, rest)
}

// parseFlags parses args with fs, flags before, between and after the
// other arguments, which it returns; after "--" everything is an argument.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		left := fs.Args()
		if used := len(args) - len(left); used > 0 && args[used-1] == "--" {
			return append(rest, left...), nil
		}
		if len(left) == 0 {
			return rest, nil
		}
		rest = append(rest, left[0])
		args = left[1:]
	}
}

// flagError says what is wrong in a flag the flag package refused, made
// safe, with a suggestion for an unknown one.
func flagError(fs *flag.FlagSet, err error) string {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		var names []string
		fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
		hint := ""
		if s := suggest(strings.TrimPrefix(name, "-"), names); s != "" {
			hint = " (did you mean --" + s + "?)"
		}
		return "unknown flag " + quote("--"+strings.TrimPrefix(name, "-")) + hint
	}
	// The flag package names a flag with one dash ("-plan"); the help
	// writes two.
	fs.VisitAll(func(f *flag.Flag) {
		msg = strings.ReplaceAll(msg, " -"+f.Name+":", " --"+f.Name+":")
		msg = strings.ReplaceAll(msg, " -"+f.Name, " --"+f.Name)
	})
	return safe(msg)
}

// help runs ghapp help [COMMAND].
func (a *app) help(args []string) int {
	switch len(args) {
	case 0:
		a.writeHelp(a.stdout)
		return exitOK
	case 1:
		c, ok := lookup(args[0])
		if !ok {
			return a.usageError("help", "unknown command %s%s", quote(args[0]), didYouMean(args[0], commandNames()))
		}
		a.writeCommandHelp(a.stdout, c)
		return exitOK
	}
	return a.usageError("help", "want one COMMAND, have %d", len(args))
}

func (a *app) version() int {
	v := "(devel)"
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		v = bi.Main.Version
	}
	a.output(a.stdout).printf("ghapp %s, catalogue of %s, GitHub REST API %s\n", v, trusted(ghapp.CatalogVersion), trusted(ghapp.APIVersion))
	return exitOK
}

const helpText = `ghapp checks and converts GitHub App registrations before GitHub sees them:
manifests (JSON), Probot's app.yml, and registration links; it registers an
app from one (create) and compares one with the app on GitHub (drift).

Usage:
  ghapp COMMAND [flags] [arguments]

Flags may come before or after the arguments; "--" ends them.

Commands:
%s
Flags, by command (ghapp help COMMAND says what each does, with an example):
%s
Inputs:
  A FILE is written in one of three forms, told apart by its extension, else
  by its content:
    manifest JSON  .json, or text whose first character is "{"
    links          .txt, .links or .urls, or text whose first line, past blank
                   lines and # comments, is an http(s) link: one registration
                   link a line, blank lines and # comments left out
    app.yml        .yml or .yaml, and anything else: Probot's app.yml
  A LINK is a registration link given as an argument, and "-" reads standard
  input. Every mistake is reported at once, each with its file, line and
  column (a link's: the line in its file, the column in the line).

Probot's app.yml:
  ghapp reads app.yml as Probot posts it (probot's src/manifest-creation.ts):
  one YAML document of a manifest's keys; a version key is Probot's own and
  left out; name, url and description that app.yml leaves out come from the
  package.json beside it (url from homepage, else repository); public is true
  unless app.yml says false; hook_attributes and redirect_url, which Probot
  sets from the address it runs at, are read from app.yml only. Duplicate and
  unknown keys are mistakes, as are YAML merge keys (<<), which ghapp does
  not read.

Output:
  --format text    for people; colour on a terminal, unless NO_COLOR is set
  --format json    one object a line: file, line, column, field, message,
                   severity, rule (drift and diff: one object of the result)
  --format github  GitHub Actions workflow commands (::error file=F,line=L,
                   col=C,title=ghapp::MESSAGE), which annotate the files;
                   Actions shows %d errors and %d warnings a step as
                   annotations, and ghapp adds a notice when there are more
  --format sarif   a SARIF 2.1.0 log for code scanning (lint)
  lint writes findings to stdout; the other commands write their result to
  stdout and findings to stderr. Text from inputs is escaped so that it
  cannot drive the terminal.

Exit codes:
  0  nothing found; for create, the app created and its credentials saved
  1  findings: a mistake in an input (lint, and every command that reads
     one), drift from the live app (drift), approval needed (diff
     --fail-on-approval), a scope missing (scopes check), a name not known
     (explain)
  2  a usage error: an unknown command or flag, a bad flag value, an env
     file that exists without --overwrite (create)
  3  an input or a key that cannot be read; GitHub that cannot be asked
     (a refused token, 401; no such app or API, 404; its rate limit) or
     that refuses the manifest code; credentials that could not be written
     to --env (create says where they are); Ctrl-C or --timeout (create)

Install:
  go install github.com/ghapp-dev/ghapp/cmd/ghapp@latest
From a checkout (its go.work holds the library and the command):
  go run ./cmd/ghapp lint app.yml

Run 'ghapp help COMMAND' for a command's flags and examples.
`

// writeHelp writes the help.
func (a *app) writeHelp(w io.Writer) {
	var list strings.Builder
	for _, c := range commands() {
		list.WriteString("  " + pad(c.name, 10) + c.summary + "\n")
	}
	var flags strings.Builder
	for _, c := range commands() {
		fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
		c.flags(fs)
		var names []string
		fs.VisitAll(func(f *flag.Flag) { names = append(names, "--"+f.Name) })
		if len(names) > 0 {
			flags.WriteString("  " + pad(c.name, 10) + strings.Join(names, " ") + "\n")
		}
	}
	a.output(w).printf(helpText, trusted(list.String()), trusted(flags.String()), annotationLimit, annotationLimit)
}

// writeCommandHelp writes c's help: usage, what it does, every flag, and
// examples.
func (a *app) writeCommandHelp(w io.Writer, c command) {
	var b strings.Builder
	usage := "ghapp " + c.name
	fs := flag.NewFlagSet(usage, flag.ContinueOnError)
	c.flags(fs)
	hasFlags := false
	fs.VisitAll(func(*flag.Flag) { hasFlags = true })
	if hasFlags {
		usage += " [flags]"
	}
	if c.args != "" {
		usage += " " + c.args
	}
	b.WriteString("Usage: " + usage + "\n\n")
	b.WriteString(c.about + "\n")
	if hasFlags {
		b.WriteString("\nFlags:\n")
		fs.VisitAll(func(f *flag.Flag) {
			name, usage := flag.UnquoteUsage(f)
			line := "  --" + f.Name
			if name != "" {
				line += " " + name
			}
			b.WriteString(line + "\n        " + usage)
			if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
				b.WriteString(" (default " + f.DefValue + ")")
			}
			if e, ok := c.flagExamples[f.Name]; ok {
				b.WriteString("\n        example: ghapp " + c.name + " " + e)
			}
			b.WriteString("\n")
		})
	}
	b.WriteString("\nExamples:\n")
	for _, e := range c.examples {
		b.WriteString("  " + e + "\n")
	}
	a.output(w).printf("%s", trusted(b.String()))
}

func pad(s string, n int) string {
	if len(s) >= n {
		return s + " "
	}
	return s + strings.Repeat(" ", n-len(s))
}

func joinComma(s []string) string { return strings.Join(s, ", ") }
