package main

import (
	"bufio"
	"bytes"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/ghapp-dev/ghapp/internal/catalog"
)

// A pageToken is one row of the permission tables of GitHub's page
// "Managing your personal access tokens".
type pageToken struct {
	name     string
	title    string // with its Liquid variables rendered
	resource string // "account", "repository" or "organization"
	levels   []string
	line     int
}

// tokenTables maps the headings of the page's tables to catalogue
// resources.
var tokenTables = map[string]string{
	"#### Account permissions":      "account",
	"#### Repository permissions":   "repository",
	"#### Organization permissions": "organization",
}

// liquidVariables renders the {% data variables.* %} names the tables'
// display names use, as docs.github.com shows them.
var liquidVariables = map[string]string{
	"product.prodname_codespaces":           "Codespaces",
	"product.prodname_copilot_short":        "Copilot",
	"copilot.copilot_chat_short":            "Copilot Chat",
	"copilot.copilot_for_business":          "Copilot Business",
	"product.prodname_dependabot":           "Dependabot",
	"product.prodname_dependabot_alerts":    "Dependabot alerts",
	"product.prodname_secret_scanning_caps": "Secret scanning",
	"product.prodname_code_scanning":        "code scanning",
	"product.prodname_projects_v2":          "Projects",
}

var (
	liquidData = regexp.MustCompile(`\{%\s*data\s+variables\.([\w.]+)\s*%\}`)
	liquidTag  = regexp.MustCompile(`^\{%.*%\}$`)
	codeSpan   = regexp.MustCompile("^`([^`]+)`$")
)

// readTokenPage reads the permission tables of the page's Markdown source.
// Rows that are only a Liquid tag ({% ifversion ... %}, {% endif %}) are
// skipped: the tables' rows behind a feature flag count as rows. A display
// name with a Liquid variable this tool cannot render is an error.
func readTokenPage(data []byte) ([]pageToken, error) {
	var (
		out      []pageToken
		resource string
		line     int
	)
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(text, "#") {
			resource = tokenTables[text]
			continue
		}
		if resource == "" || !strings.HasPrefix(text, "|") {
			continue
		}
		cells := strings.Split(strings.Trim(text, "|"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		if len(cells) == 1 && liquidTag.MatchString(cells[0]) {
			continue
		}
		if len(cells) != 3 {
			return nil, fmt.Errorf("line %d: a table row of %d cells, want 3", line, len(cells))
		}
		m := codeSpan.FindStringSubmatch(cells[0])
		if m == nil {
			if cells[0] == "Parameter name" || strings.Trim(cells[0], "- ") == "" {
				continue // the header and the delimiter row
			}
			return nil, fmt.Errorf("line %d: parameter %q is not `name`", line, cells[0])
		}
		title, err := render(cells[1])
		if err != nil {
			return nil, fmt.Errorf("line %d: %v", line, err)
		}
		var levels []string
		for _, l := range strings.Split(cells[2], ",") {
			lm := codeSpan.FindStringSubmatch(strings.TrimSpace(l))
			if lm == nil {
				return nil, fmt.Errorf("line %d: level %q is not `level`", line, strings.TrimSpace(l))
			}
			levels = append(levels, lm[1])
		}
		out = append(out, pageToken{name: m[1], title: title, resource: resource, levels: levels, line: line})
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no permission tables (headings %q and the like)", "#### Account permissions")
	}
	return out, nil
}

// A pageExample is one permission an example link on the page asks for.
type pageExample struct {
	name  string
	level string
	line  int
}

// exampleLink matches the query of a pre-filled link on the page.
var exampleLink = regexp.MustCompile(`/settings/personal-access-tokens/new\?([^)\s]*)`)

// tokenLinkKeys are the parameters of a pre-filled link that are not
// permissions.
var tokenLinkKeys = []string{"name", "description", "target_name", "expires_in"}

// readTokenExamples reads the permissions the page's pre-filled links ask
// for: the links written on one line, and the template of an "http" code
// block written over several (the link, then one "?" or "&" parameter a
// line).
func readTokenExamples(data []byte) ([]pageExample, error) {
	var (
		out   []pageExample
		line  int
		block strings.Builder // the link of a code block, joined
		start int             // the line block starts on, 0 outside one
	)
	read := func(text string, at int) error {
		for _, m := range exampleLink.FindAllStringSubmatch(text, -1) {
			for _, part := range strings.Split(m[1], "&") {
				rawKey, rawVal, _ := strings.Cut(part, "=")
				key, err := url.QueryUnescape(rawKey)
				if err != nil {
					return fmt.Errorf("line %d: parameter %q: %v", at, part, err)
				}
				val, err := url.QueryUnescape(rawVal)
				if err != nil {
					return fmt.Errorf("line %d: parameter %q: %v", at, part, err)
				}
				if key == "" || slices.Contains(tokenLinkKeys, key) {
					continue
				}
				out = append(out, pageExample{name: key, level: val, line: at})
			}
		}
		return nil
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		switch {
		case start != 0 && strings.HasPrefix(text, "```"):
			if err := read(block.String(), start); err != nil {
				return nil, err
			}
			block.Reset()
			start = 0
		case start != 0:
			block.WriteString(text)
		case strings.HasPrefix(text, "```"):
			start = line + 1
		default:
			if err := read(text, line); err != nil {
				return nil, err
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// render replaces the Liquid data variables of a display name.
func render(s string) (string, error) {
	var unknown []string
	out := liquidData.ReplaceAllStringFunc(s, func(v string) string {
		name := liquidData.FindStringSubmatch(v)[1]
		r, ok := liquidVariables[name]
		if !ok {
			unknown = append(unknown, name)
		}
		return r
	})
	if len(unknown) > 0 {
		return "", fmt.Errorf("display name %q: no rendering known for variables.%s", s, strings.Join(unknown, ", variables."))
	}
	if strings.Contains(out, "{%") {
		return "", fmt.Errorf("display name %q holds a Liquid tag this tool does not read", s)
	}
	return out, nil
}

// readTokenFile reads the page at name: its tables and its example links.
func readTokenFile(name string) ([]pageToken, []pageExample, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, nil, err
	}
	rows, err := readTokenPage(data)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %v", name, err)
	}
	examples, err := readTokenExamples(data)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %v", name, err)
	}
	return rows, examples, nil
}

// checkTokens compares the page's tables with the catalogue's token
// permissions: names, resources, levels and titles, both ways; and the
// page's example links with them: each permission asked for is a token
// permission at a level it allows, and each token permission of source
// example is asked for, at its levels. Each finding starts with "tokens: ".
func checkTokens(c *catalog.Catalog, rows []pageToken, examples []pageExample) []string {
	var out []string
	add := func(format string, args ...any) { out = append(out, "tokens: "+fmt.Sprintf(format, args...)) }
	onPage := map[string]bool{}
	for _, r := range rows {
		if onPage[r.name] {
			add("permission %s: listed twice on the page (line %d)", r.name, r.line)
			continue
		}
		onPage[r.name] = true
		t := c.Token(r.name)
		switch {
		case t == nil:
			add("permission %s: missing from the catalogue (%s, %q, levels %s)", r.name, r.resource, r.title, levelList(r.levels))
			continue
		case t.Name != r.name:
			add("permission %s: the page names it, the catalogue has it only as another name of %s", r.name, t.Name)
			continue
		case t.Source == "example":
			add("permission %s: the page's table lists it (line %d); the catalogue has it from an example link only (source example)", r.name, r.line)
		}
		if t.Resource != r.resource {
			add("permission %s: resource %s on the page, %s in the catalogue", r.name, r.resource, t.Resource)
		}
		if levelList(r.levels) != levelList(t.Levels) {
			add("permission %s: levels %s on the page, %s in the catalogue", r.name, levelList(r.levels), levelList(t.Levels))
		}
		if r.title != t.Title {
			add("permission %s: title %q on the page, %q in the catalogue", r.name, r.title, t.Title)
		}
	}
	exampleLevels := map[string][]string{}
	for _, e := range examples {
		t := c.Token(e.name)
		switch {
		case t == nil:
			add("permission %s: an example link on the page (line %d) asks for it, the catalogue lacks it", e.name, e.line)
			continue
		case !slices.Contains(t.Levels, e.level):
			add("permission %s: an example link on the page (line %d) asks for it at %q, the catalogue allows %s", e.name, e.line, e.level, levelList(t.Levels))
		}
		if !slices.Contains(exampleLevels[e.name], e.level) {
			exampleLevels[e.name] = append(exampleLevels[e.name], e.level)
		}
	}
	for _, t := range c.Tokens {
		switch {
		case t.Source == "example" && exampleLevels[t.Name] == nil:
			add("permission %s: source example, but no example link on the page asks for it", t.Name)
		case t.Source == "example" && levelList(exampleLevels[t.Name]) != levelList(t.Levels):
			add("permission %s: levels %s in the page's example links, %s in the catalogue", t.Name, levelList(exampleLevels[t.Name]), levelList(t.Levels))
		case t.Source != "example" && !onPage[t.Name]:
			add("permission %s: in the catalogue, not on the page", t.Name)
		}
	}
	sort.Strings(out)
	return slices.Compact(out)
}
