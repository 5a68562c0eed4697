package main

import (
	"bufio"
	"bytes"
	"fmt"
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

// readTokenFile reads the page at name.
func readTokenFile(name string) ([]pageToken, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	rows, err := readTokenPage(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	return rows, nil
}

// checkTokens compares the page's tables with the catalogue's token
// permissions: names, resources, levels and titles, both ways. Each finding
// starts with "tokens: ".
func checkTokens(c *catalog.Catalog, rows []pageToken) []string {
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
	for _, t := range c.Tokens {
		if !onPage[t.Name] {
			add("permission %s: in the catalogue, not on the page", t.Name)
		}
	}
	sort.Strings(out)
	return slices.Compact(out)
}
