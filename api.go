package ghapp

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// MaxPages is the most pages of 100 that a listing function
// ([ListInstallations], [ListUserInstallations]) reads: 10,000 items, since
// a page holding more items than the 100 asked for is refused. An answer
// whose Link header still names a next page after that comes back with
// what was read and an error wrapping [ErrTooMany].
const MaxPages = 100

// perPage is the page size the listing functions ask for, GitHub's most.
const perPage = 100

// apiGet GETs endpoint (a full URL on t's API) and returns the body of a
// success answer and the answer's headers. op names the request in errors.
// A failure status is an *APIError; a body over maxResponse wraps
// ErrBadResponse.
func apiGet(ctx context.Context, hc *http.Client, endpoint, op string) ([]byte, http.Header, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("ghapp: %s: %w", op, err)
	}
	setAPIHeaders(req.Header)
	resp, err := defaultClient(hc).Do(req)
	if err != nil {
		return nil, nil, fmt.Errorf("ghapp: %s: %w", op, redactURLError(err))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse+1))
	if err != nil {
		return nil, nil, fmt.Errorf("ghapp: %s: reading the answer: %w", op, err)
	}
	if len(body) > maxResponse {
		return nil, nil, fmt.Errorf("%w: %s: the answer is larger than %d bytes", ErrBadResponse, op, maxResponse)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, nil, newAPIError(op, resp, body)
	}
	return body, resp.Header, nil
}

// apiEndpoint checks t and returns its API URL followed by path.
func apiEndpoint(t Target, path string) (string, error) {
	if _, _, err := t.resolve(); err != nil {
		return "", err
	}
	return t.APIURL() + path, nil
}

// getPages GETs every page of a listing at path on t's API, at most
// MaxPages of perPage, following the Link header's rel="next": decode
// reads a page's items from its body, and use takes them. A page of more
// than perPage items wraps ErrBadResponse (the size asked for is the
// bound that makes MaxPages a bound on memory), as does a next link that
// leaves the listing (another scheme, host or path: no credentials a
// client adds go elsewhere) or names a page read already (a loop).
func getPages[T any](ctx context.Context, hc *http.Client, t Target, path, op string, decode func(body []byte) ([]T, error), use func(items []T) error) error {
	first, err := apiEndpoint(t, path)
	if err != nil {
		return err
	}
	base, err := url.Parse(first)
	if err != nil {
		return fmt.Errorf("ghapp: %s: %w", op, err)
	}
	next := first + "?per_page=" + strconv.Itoa(perPage)
	if u, err := url.Parse(next); err == nil {
		next = u.String() // as the links read below are written
	}
	seen := map[string]bool{}
	for n := 1; ; n++ {
		seen[next] = true
		body, h, err := apiGet(ctx, hc, next, op)
		if err != nil {
			return err
		}
		items, err := decode(body)
		if err != nil {
			return err
		}
		if len(items) > perPage {
			return fmt.Errorf("%w: %s: a page of %d items, more than the %d asked for", ErrBadResponse, op, len(items), perPage)
		}
		if err := use(items); err != nil {
			return err
		}
		link := nextLink(h)
		if link == "" {
			return nil
		}
		if n == MaxPages {
			return fmt.Errorf("%w: %s: more than %d pages of %d; the rest was not read", ErrTooMany, op, MaxPages, perPage)
		}
		u, err := base.Parse(link)
		if err != nil || u.Scheme != base.Scheme || u.Host != base.Host || u.Path != base.Path || u.User != nil {
			return fmt.Errorf("%w: %s: the next page's link leaves %s", ErrBadResponse, op, base.Path)
		}
		u.Fragment, u.RawFragment = "", ""
		next = u.String()
		if seen[next] {
			return fmt.Errorf("%w: %s: the next page's link names a page read already", ErrBadResponse, op)
		}
	}
}

// nextLink returns the URL of a Link header's rel="next", or "". GitHub
// writes `<URL>; rel="next", <URL>; rel="last"`.
func nextLink(h http.Header) string {
	for _, v := range h.Values("Link") {
		for _, part := range strings.Split(v, ",") {
			part = strings.TrimSpace(part)
			end := strings.IndexByte(part, '>')
			if !strings.HasPrefix(part, "<") || end < 0 {
				continue
			}
			for _, p := range strings.Split(part[end+1:], ";") {
				k, val, ok := strings.Cut(strings.TrimSpace(p), "=")
				if !ok || !strings.EqualFold(strings.TrimSpace(k), "rel") {
					continue
				}
				for _, rel := range strings.Fields(strings.Trim(strings.TrimSpace(val), `"`)) {
					if strings.EqualFold(rel, "next") {
						return part[1:end]
					}
				}
			}
		}
	}
	return ""
}

// decodeAnswer reads a success answer into v, turning JSON errors into
// *FieldErrors wrapping ErrBadResponse that name the key (under prefix) and
// not the value.
func decodeAnswer(body []byte, v any, prefix, what string) error {
	err := json.Unmarshal(body, v)
	if err == nil {
		return nil
	}
	if te, ok := err.(*json.UnmarshalTypeError); ok {
		want := jsonKind(te.Type.Kind().String())
		if te.Type == reflect.TypeOf(time.Time{}) {
			want = "a time (RFC 3339)"
		}
		return fieldErr(prefix+te.Field, ErrBadResponse, "a JSON %s where GitHub sends %s", te.Value, want)
	}
	return fieldErr(strings.TrimSuffix(prefix, "."), ErrBadResponse, "not the JSON of %s", what)
}

// jsonKind names a Go kind as JSON does.
func jsonKind(kind string) string {
	switch kind {
	case "string":
		return "a string"
	case "bool":
		return "a boolean"
	case "slice", "array":
		return "an array"
	case "map", "struct", "ptr":
		return "an object"
	}
	return "a number"
}

// Values the library reads from GitHub's answers: loose ones it does not
// need, kept when they have the expected type and left zero otherwise;
// nullable ones it needs, a string or null and nothing else.
type (
	looseString string
	looseTime   time.Time
	looseBool   bool
	looseInt    int64
	nullString  string
	nullTime    time.Time
)

func (s *looseString) UnmarshalJSON(b []byte) error {
	var v string
	if json.Unmarshal(b, &v) == nil {
		*s = looseString(v)
	}
	return nil
}

func (t *looseTime) UnmarshalJSON(b []byte) error {
	var v time.Time
	if json.Unmarshal(b, &v) == nil {
		*t = looseTime(v)
	}
	return nil
}

func (x *looseBool) UnmarshalJSON(b []byte) error {
	var v bool
	if json.Unmarshal(b, &v) == nil {
		*x = looseBool(v)
	}
	return nil
}

func (n *looseInt) UnmarshalJSON(b []byte) error {
	var v int64
	if json.Unmarshal(b, &v) == nil {
		*n = looseInt(v)
	}
	return nil
}

func (s *nullString) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*s = ""
		return nil
	}
	return json.Unmarshal(b, (*string)(s))
}

func (t *nullTime) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*t = nullTime{}
		return nil
	}
	if err := json.Unmarshal(b, (*time.Time)(t)); err != nil {
		// A type error, which the decoder gives the key's name, and whose
		// message does not hold the value.
		value := "value"
		if len(b) > 0 && b[0] == '"' {
			value = "string"
		}
		return &json.UnmarshalTypeError{Value: value, Type: reflect.TypeOf(time.Time{})}
	}
	return nil
}

// accountWire is an account as the REST API sends it: a user or an
// organization (login, type), or an enterprise (slug, no type).
type accountWire struct {
	Login  *string     `json:"login"`
	Slug   looseString `json:"slug"`
	ID     int64       `json:"id"`
	NodeID looseString `json:"node_id"`
	Type   nullString  `json:"type"`
}

// account checks w and returns it as an Account; field names it in
// errors.
func (w *accountWire) account(field string, l *errorList) Account {
	if w == nil {
		l.add(fieldErr(field, ErrBadResponse, "missing"))
		return Account{}
	}
	a := Account{ID: w.ID, NodeID: string(w.NodeID), Type: string(w.Type)}
	switch {
	case w.Login != nil:
		a.Login = *w.Login
	case w.Slug != "" && a.Type == "":
		a.Login, a.Type = string(w.Slug), AccountEnterprise
	}
	if !safeLogin(a.Login) {
		l.add(fieldErr(field+".login", ErrBadResponse, "%s is not an account's login", quoteBounded(a.Login)))
	}
	if a.Type != "" && !safeLogin(a.Type) {
		l.add(fieldErr(field+".type", ErrBadResponse, "%s is not an account type", quoteBounded(a.Type)))
	}
	return a
}
