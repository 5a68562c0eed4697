package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// A description is what sync reads from one plan's REST API description
// files.
type description struct {
	// perms maps each property of the app-permissions schema to its levels
	// (its enum); nil when no file had the schema.
	perms map[string][]string
	// webhooks are the webhook entries, one per event and action; nil when
	// no file had webhooks.
	webhooks []webhook
}

// A webhook is one webhook entry of a description.
type webhook struct {
	key     string   // the entry's name, as "check-run-completed"
	event   string   // the event name: x-github.subcategory, "-" made "_"
	types   []string // x-github.supported-webhook-types
	summary string
}

// merge adds what e holds to d; each part may come from one file only.
func (d *description) merge(e *description) error {
	if e.perms != nil {
		if d.perms != nil {
			return errors.New("a second app-permissions schema for the same plan")
		}
		d.perms = e.perms
	}
	if e.webhooks != nil {
		if d.webhooks != nil {
			return errors.New("a second set of webhooks for the same plan")
		}
		d.webhooks = e.webhooks
	}
	return nil
}

// schema is the app-permissions schema.
type schema struct {
	Title      string `json:"title"`
	Properties map[string]struct {
		Enum []string `json:"enum"`
	} `json:"properties"`
}

// operation is the part of a webhook's operation that sync reads.
type operation struct {
	Summary string `json:"summary"`
	XGitHub struct {
		Subcategory string   `json:"subcategory"`
		Types       []string `json:"supported-webhook-types"`
	} `json:"x-github"`
}

// webhookItem is a webhook entry: a path item with a post operation in a
// full description, the operation itself in an extract.
type webhookItem struct {
	Post *operation `json:"post"`
	operation
}

// document is any of the accepted files: a full description (OpenAPI 3.0
// with x-webhooks or 3.1 with webhooks), the bare app-permissions schema, or
// an x-webhooks extract.
type document struct {
	schema // the bare schema's title and properties
	Info   struct {
		Title   string      `json:"title"`
		Plan    string      `json:"x-github-plan"`
		Release json.Number `json:"x-github-release"`
	} `json:"info"`
	Servers []struct {
		URL string `json:"url"`
	} `json:"servers"`
	Components struct {
		Schemas struct {
			AppPermissions *schema `json:"app-permissions"`
		} `json:"schemas"`
	} `json:"components"`
	XWebhooks map[string]webhookItem `json:"x-webhooks"`
	Webhooks  map[string]webhookItem `json:"webhooks"`
}

// readFile reads the description file name. Its plan is plan if that is not
// empty, else what planOf finds.
func readFile(name, plan string) (string, *description, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return "", nil, err
	}
	d, doc, err := parse(data)
	if err != nil {
		return "", nil, fmt.Errorf("%s: %v", name, err)
	}
	if plan == "" {
		plan = planOf(name, doc)
	}
	if plan == "" {
		return "", nil, fmt.Errorf("%s: cannot tell which plan it describes; give -plan", name)
	}
	return plan, d, nil
}

// parse reads a file's content, detecting its form.
func parse(data []byte) (*description, *document, error) {
	var doc document
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, nil, err
	}
	d := &description{}
	s := doc.Components.Schemas.AppPermissions
	if s == nil && doc.Title == "App Permissions" {
		s = &doc.schema
	}
	if s != nil {
		d.perms = map[string][]string{}
		for name, p := range s.Properties {
			d.perms[name] = p.Enum
		}
	}
	for _, items := range []map[string]webhookItem{doc.XWebhooks, doc.Webhooks} {
		for key, item := range items {
			op := item.Post
			if op == nil {
				op = &item.operation
			}
			d.webhooks = append(d.webhooks, webhook{
				key:     key,
				event:   strings.ReplaceAll(op.XGitHub.Subcategory, "-", "_"),
				types:   op.XGitHub.Types,
				summary: op.Summary,
			})
		}
	}
	if d.perms == nil && d.webhooks == nil {
		return nil, nil, errors.New("neither an app-permissions schema nor webhooks")
	}
	return d, &doc, nil
}

var (
	ghesName  = regexp.MustCompile(`ghes-3\.\d+`)
	ghesTitle = regexp.MustCompile(`(?i)Enterprise Server (3\.\d+)`)
)

// planOf returns the plan a file describes, from its name, or else from its
// info block or servers; "" if none tells.
func planOf(name string, doc *document) string {
	base := filepath.Base(name)
	switch {
	case ghesName.MatchString(base):
		return ghesName.FindString(base)
	case strings.Contains(base, "ghec"):
		return "ghec"
	case strings.Contains(base, "api.github.com"):
		return "github.com"
	}
	switch doc.Info.Plan {
	case "api.github.com":
		return "github.com"
	case "ghec":
		return "ghec"
	case "ghes":
		if doc.Info.Release != "" {
			return "ghes-" + doc.Info.Release.String()
		}
	}
	if m := ghesTitle.FindStringSubmatch(doc.Info.Title); m != nil {
		return "ghes-" + m[1]
	}
	if strings.Contains(doc.Info.Title, "Enterprise Cloud") {
		return "ghec"
	}
	if doc.Info.Plan == "" && len(doc.Servers) == 1 && strings.TrimSuffix(doc.Servers[0].URL, "/") == "https://api.github.com" {
		return "github.com"
	}
	return ""
}
