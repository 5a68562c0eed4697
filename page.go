package ghapp

import (
	"html/template"
	"net/http"
	"sync"
)

// pageTemplate returns the template of ManifestFlow's own pages (errors,
// and "created" when there is no installation page to go to), parsed on
// first use. Every value is escaped by html/template.
func pageTemplate() *template.Template {
	pageOnce.Do(func() { pageParsed = template.Must(template.New("page").Parse(pageSource)) })
	return pageParsed
}

// pageOnce and pageParsed hold the parsed template: a sync.OnceValue
// would be built at start-up, and importing the package does no work.
var (
	pageOnce   sync.Once
	pageParsed *template.Template
)

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
	_ = pageTemplate().Execute(w, struct {
		Title, Message string
		Problems       []string
	}{title, message, problems})
}
