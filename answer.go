package ghapp

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// decodeCredentials reads a conversion answer (or what RevealJSON wrote).
// The ID, client ID and secrets come first and alone: when they are
// usable, the credentials come back whatever the other fields hold, with
// an error wrapping ErrPartialResponse for each field that could not be
// read. No value of the answer is quoted in an error; only its keys, when
// they look like names.
func decodeCredentials(body []byte) (*AppCredentials, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil || fields == nil {
		return nil, fmt.Errorf("%w: the answer is not a JSON object", ErrBadResponse)
	}
	var c AppCredentials
	var missing []string
	id, ok := readID(fields["id"])
	if !ok {
		missing = append(missing, "id")
	}
	c.ID = id
	clientID, ok := readString(fields["client_id"])
	if !ok || clientID == "" {
		missing = append(missing, "client_id")
	}
	c.ClientID = clientID
	clientSecret, ok := readString(fields["client_secret"])
	if !ok || clientSecret == "" {
		missing = append(missing, "client_secret")
	}
	pemText, ok := readString(fields["pem"])
	if !ok || pemText == "" {
		missing = append(missing, "pem")
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%w: the answer lacks a usable %s", ErrBadResponse, strings.Join(missing, ", "))
	}
	c.ClientSecret, c.PEM = NewSecret(clientSecret), NewSecret(pemText)

	var errs errorList
	partial := func(field, format string, args ...any) {
		errs.add(fieldErr(field, ErrPartialResponse, format, args...))
	}
	if raw, ok := fields["webhook_secret"]; ok {
		if s, ok := readString(raw); ok {
			c.WebhookSecret = NewSecret(s)
		} else {
			partial("webhook_secret", "not a string or null")
		}
	}
	for _, f := range [...]struct {
		key string
		dst *string
	}{
		{"slug", &c.Slug}, {"node_id", &c.NodeID}, {"name", &c.Name}, {"description", &c.Description},
		{"external_url", &c.ExternalURL}, {"html_url", &c.HTMLURL},
	} {
		if raw, ok := fields[f.key]; ok {
			if s, ok := readString(raw); ok {
				*f.dst = s
			} else {
				partial(f.key, "not a string or null")
			}
		}
	}
	if raw, ok := fields["owner"]; ok {
		c.Owner = readOwner(raw, partial)
	}
	for _, f := range [...]struct {
		key string
		dst *time.Time
	}{{"created_at", &c.CreatedAt}, {"updated_at", &c.UpdatedAt}} {
		if raw, ok := fields[f.key]; ok {
			if t, ok := readTime(raw); ok {
				*f.dst = t
			} else {
				partial(f.key, "not a time in RFC 3339 or Unix seconds")
			}
		}
	}
	if raw, ok := fields["permissions"]; ok {
		c.Permissions = readWirePermissions("permissions", raw, partial)
	}
	if raw, ok := fields["events"]; ok {
		c.Events = readWireEvents("events", raw, partial)
	}
	if errs.len() > 0 {
		return &c, errs.join()
	}
	return &c, nil
}

// isNull reports whether raw is JSON's null (or absent).
func isNull(raw json.RawMessage) bool {
	return len(raw) == 0 || bytes.Equal(bytes.TrimSpace(raw), []byte("null"))
}

// readString reads a JSON string; null or absent is "".
func readString(raw json.RawMessage) (string, bool) {
	if isNull(raw) {
		return "", true
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return "", false
	}
	return s, true
}

// readID reads a positive integer ID, written as a JSON number or as a
// string of decimal digits.
func readID(raw json.RawMessage) (int64, bool) {
	if isNull(raw) {
		return 0, false
	}
	var n json.Number
	if json.Unmarshal(raw, &n) != nil {
		return 0, false
	}
	s := string(n)
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	id, err := strconv.ParseInt(s, 10, 64)
	return id, err == nil && id > 0
}

// readTime reads a time written in RFC 3339 or as Unix seconds.
func readTime(raw json.RawMessage) (time.Time, bool) {
	if isNull(raw) {
		return time.Time{}, true
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		t, err := time.Parse(time.RFC3339, s)
		return t, err == nil
	}
	if secs, ok := readID(raw); ok {
		return time.Unix(secs, 0).UTC(), true
	}
	return time.Time{}, false
}

// readOwner reads the app's owner: a user or organization (login, id,
// node_id, type), or an enterprise, which has a slug instead of a login.
func readOwner(raw json.RawMessage, partial func(field, format string, args ...any)) Account {
	var a Account
	if isNull(raw) {
		return a
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(raw, &fields) != nil {
		partial("owner", "not an object")
		return a
	}
	for _, f := range [...]struct {
		key string
		dst *string
	}{{"login", &a.Login}, {"node_id", &a.NodeID}, {"type", &a.Type}} {
		if raw, ok := fields[f.key]; ok {
			if s, ok := readString(raw); ok {
				*f.dst = s
			} else {
				partial("owner."+f.key, "not a string or null")
			}
		}
	}
	if raw, ok := fields["id"]; ok && !isNull(raw) {
		if id, ok := readID(raw); ok || bytes.Equal(bytes.TrimSpace(raw), []byte("0")) {
			a.ID = id
		} else {
			partial("owner.id", "not an integer ID")
		}
	}
	if _, ok := fields["login"]; !ok {
		if slug, ok := readString(fields["slug"]); ok && slug != "" {
			a.Login = slug
			if a.Type == "" {
				a.Type = "Enterprise"
			}
		}
	}
	return a
}
