package ghapp

import (
	"html/template"
	"net/http"
	"sync"
)

// pageTemplate is the template of ManifestFlow's own pages (errors, and
// "created" when there is no installation page to go to). Every value is
// escaped by html/template.
var pageTemplate = lazyTemplate{name: "page", source: pageSource}

// A lazyTemplate is an html/template parsed on first use: a package-level
// value built from constants, so that importing the package does no work
// (a sync.OnceValue would be built at start-up).
type lazyTemplate struct {
	name, source string
	once         sync.Once
	parsed       *template.Template
}

// get returns the template, parsing it on the first call.
func (l *lazyTemplate) get() *template.Template {
	l.once.Do(func() { l.parsed = template.Must(template.New(l.name).Parse(l.source)) })
	return l.parsed
}

const pageSource = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
</head>
<body>
<h1>{{.Title}}</h1>
<p>{{.Message}}</p>
{{- if .Problems}}
<ul>
{{- range .Problems}}
<li>{{.}}</li>
{{- end}}
</ul>
{{- end}}
</body>
</html>
`

// writePage writes one of ManifestFlow's pages with status. The page has
// no script, style or form: its policy allows nothing.
func writePage(w http.ResponseWriter, status int, title, message string, problems []string) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
	w.WriteHeader(status)
	_ = pageTemplate.get().Execute(w, struct {
		Title, Message string
		Problems       []string
	}{title, message, problems})
}
