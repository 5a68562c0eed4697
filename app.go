package ghapp

import (
	"context"
	"encoding/json"
	"net/http"
	"time"
)

// An App is a GitHub App as GitHub's REST API describes it (GET /app): its
// registration as it is now on GitHub, without any secret.
//
// It is read strictly where the library relies on it (id, slug, owner,
// name, description, external_url, permissions and events must have their
// documented types, the names must be plain, the levels GitHub's) and
// leniently elsewhere: a field the library does not need that holds
// something unexpected is left zero, and fields GitHub adds later are
// ignored. Permissions and events the catalogue does not know are kept
// under the names GitHub sends, never dropped.
type App struct {
	ID          int64   // the app's ID (id)
	Slug        string  // its name in URLs (slug), "octoapp"
	ClientID    string  // its OAuth client ID (client_id), not secret
	NodeID      string  // its GraphQL ID (node_id)
	Name        string  // its name (name)
	Description string  // its description (description), "" when null
	Owner       Account // the account that owns it (owner)
	// ExternalURL is its homepage (external_url): a registration's url
	// parameter, [Config.HomepageURL].
	ExternalURL string
	// HTMLURL is its public page (html_url),
	// https://github.com/apps/octoapp.
	HTMLURL string
	// Permissions are what it asks installations for (permissions),
	// metadata among them, under their registration names.
	Permissions Permissions
	// Events are the webhook events it subscribes to (events).
	Events []Event
	// InstallationsCount is how many installations it has
	// (installations_count), 0 when GitHub leaves it out.
	InstallationsCount int
	CreatedAt          time.Time // created_at
	UpdatedAt          time.Time // updated_at
}

// appWire is GET /app's answer as the library reads it.
type appWire struct {
	ID                 int64           `json:"id"`
	Slug               string          `json:"slug"`
	ClientID           looseString     `json:"client_id"`
	NodeID             looseString     `json:"node_id"`
	Name               nullString      `json:"name"`
	Description        nullString      `json:"description"`
	Owner              *accountWire    `json:"owner"`
	ExternalURL        nullString      `json:"external_url"`
	HTMLURL            looseString     `json:"html_url"`
	Permissions        json.RawMessage `json:"permissions"`
	Events             json.RawMessage `json:"events"`
	InstallationsCount looseInt        `json:"installations_count"`
	CreatedAt          looseTime       `json:"created_at"`
	UpdatedAt          looseTime       `json:"updated_at"`
}

// decodeApp reads GET /app's answer.
func decodeApp(body []byte) (*App, error) {
	var w appWire
	if err := decodeAnswer(body, &w, "", "an app"); err != nil {
		return nil, err
	}
	var l errorList
	if w.ID <= 0 {
		l.add(fieldErr("id", ErrBadResponse, "missing, or not a positive number"))
	}
	if err := checkSlug("slug", w.Slug); err != nil {
		l.add(fieldErr("slug", ErrBadResponse, "%s", message(err.Err)))
	}
	a := &App{
		ID: w.ID, Slug: w.Slug, ClientID: string(w.ClientID), NodeID: string(w.NodeID),
		Name: string(w.Name), Description: string(w.Description), ExternalURL: string(w.ExternalURL),
		HTMLURL: string(w.HTMLURL), InstallationsCount: int(w.InstallationsCount),
		CreatedAt: time.Time(w.CreatedAt), UpdatedAt: time.Time(w.UpdatedAt),
	}
	a.Owner = w.Owner.account("owner", &l)
	a.Permissions = readWirePermissions("permissions", w.Permissions, l.badResponse)
	a.Events = readWireEvents("events", w.Events, l.badResponse)
	if err := l.join(); err != nil {
		return nil, err
	}
	return a, nil
}

// GetApp reads the app whose JSON Web Token authenticates hc's requests,
// with GET /app on t's API ([Target.APIURL]). hc is the caller's client,
// authenticated however the caller likes: an [AppTransport] from the
// app's credentials, or another library's; a nil hc means a client with
// [DefaultTimeout] that follows no redirect and sends no credentials, which
// GitHub answers with 401.
//
// At most 1 MiB of the answer is read. A failure status is an [*APIError]
// wrapping [ErrAPI] and, for 401, 403, 404 and rate limits,
// [ErrUnauthorized], [ErrForbidden], [ErrNotFound] or [ErrRateLimited]. An
// answer that is too large, not JSON, or wrong where the library relies on
// it (see [App]) wraps [ErrBadResponse], as *FieldErrors naming the keys.
// A bad t is a *FieldError wrapping [ErrInvalidTarget]. Errors of ctx and
// of hc come back wrapped, for [errors.Is].
func GetApp(ctx context.Context, hc *http.Client, t Target) (*App, error) {
	const op = "GET /app"
	endpoint, err := apiEndpoint(t, "/app")
	if err != nil {
		return nil, err
	}
	body, _, err := apiGet(ctx, hc, endpoint, op)
	if err != nil {
		return nil, err
	}
	return decodeApp(body)
}

// An AppWebhook is the app's webhook as GitHub's REST API describes it
// (GET /app/hook/config), without its secret, which GitHub masks anyway.
// The endpoint is GitHub's ("Get a webhook configuration for an app");
// the project's reference holds no example answer of it.
type AppWebhook struct {
	URL         string // where deliveries go (url); a registration's webhook_url
	ContentType string // "json" or "form" (content_type)
	InsecureSSL bool   // deliveries skip TLS verification (insecure_ssl "1")
}

// GetAppWebhook reads the webhook of the app whose JSON Web Token
// authenticates hc's requests, with GET /app/hook/config on t's API, as
// [GetApp] reads the app, with the same errors. The url must be a string
// (or null, for no URL); the other fields are read leniently, and the
// secret is never read.
func GetAppWebhook(ctx context.Context, hc *http.Client, t Target) (*AppWebhook, error) {
	const op = "GET /app/hook/config"
	endpoint, err := apiEndpoint(t, "/app/hook/config")
	if err != nil {
		return nil, err
	}
	body, _, err := apiGet(ctx, hc, endpoint, op)
	if err != nil {
		return nil, err
	}
	var w struct {
		URL         nullString  `json:"url"`
		ContentType looseString `json:"content_type"`
		InsecureSSL any         `json:"insecure_ssl"` // "0" or "1", a string or a number
	}
	if err := decodeAnswer(body, &w, "", "a webhook configuration"); err != nil {
		return nil, err
	}
	insecure := false
	switch v := w.InsecureSSL.(type) {
	case string:
		insecure = v == "1"
	case float64:
		insecure = v == 1
	}
	return &AppWebhook{URL: string(w.URL), ContentType: string(w.ContentType), InsecureSSL: insecure}, nil
}
