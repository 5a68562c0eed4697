package ghapp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// maxResponse caps the bytes read from an answer of GitHub's API.
const maxResponse = 1 << 20

// DefaultTimeout bounds a request made with a nil *http.Client.
const DefaultTimeout = 30 * time.Second

// defaultClient returns hc, or a client with [DefaultTimeout] that follows
// no redirect when hc is nil.
func defaultClient(hc *http.Client) *http.Client {
	if hc != nil {
		return hc
	}
	return &http.Client{
		Timeout:       DefaultTimeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// validCode reports whether code looks like a manifest code: letters,
// digits, "-" and "_", 1 to 256 of them. GitHub's are 40 hexadecimal
// digits; anything that could change the request's path or query fails.
func validCode(code string) bool {
	if len(code) == 0 || len(code) > 256 {
		return false
	}
	for i := 0; i < len(code); i++ {
		if c := code[i]; !isAlnum(c) && c != '-' && c != '_' {
			return false
		}
	}
	return true
}

// ConvertManifestCode finishes the manifest flow: it exchanges the code
// GitHub sent to the manifest's redirect_url for the new app's credentials,
// with POST {t.APIURL()}/app-manifests/{code}/conversions. The code lasts one
// hour and works once.
//
// The code is checked before any request ([ErrInvalidCode]), and t must be
// https but for loopback hosts ([ErrInvalidTarget]). A nil hc means a client
// with [DefaultTimeout] that follows no redirect. At most 1 MiB of the
// answer is read. A 404 or 422 answer is an [*APIError] wrapping
// [ErrCodeRejected], any other failure status one wrapping [ErrAPI]; a
// success (GitHub answers 201) without id, pem, client_id or client_secret,
// or that is not JSON, wraps [ErrBadResponse], and its body never appears in
// an error. Fields GitHub adds later are ignored, and permissions or
// events the catalogue does not know yet are kept as they are. Errors of
// ctx and of the client come back wrapped, for [errors.Is].
func ConvertManifestCode(ctx context.Context, hc *http.Client, t Target, code string) (*AppCredentials, error) {
	if !validCode(code) {
		return nil, fieldErr("code", ErrInvalidCode, "not a manifest code (1 to 256 letters, digits, - and _)")
	}
	if _, _, err := t.resolve(); err != nil {
		return nil, err
	}
	const op = "manifest conversion"
	endpoint := t.APIURL() + "/app-manifests/" + code + "/conversions"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, nil)
	if err != nil {
		return nil, fmt.Errorf("ghapp: %s: %w", op, err)
	}
	setAPIHeaders(req.Header)
	resp, err := defaultClient(hc).Do(req)
	if err != nil {
		return nil, fmt.Errorf("ghapp: %s: %w", op, redactURLError(err))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse+1))
	if err != nil {
		return nil, fmt.Errorf("ghapp: %s: reading the answer: %w", op, err)
	}
	if len(body) > maxResponse {
		return nil, fmt.Errorf("%w: %s: the answer is larger than %d bytes", ErrBadResponse, op, maxResponse)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		e := newAPIError(op, resp, body)
		if resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusUnprocessableEntity {
			e.also, e.hint = ErrCodeRejected, "the code is expired, used or unknown"
		}
		return nil, e
	}
	// GitHub answers 201; any success is read the same way, since the code
	// works once and the app exists now.
	return decodeCredentials(body)
}

// redactURLError returns err with the request URL it may name (which holds
// the one-time code) left out.
func redactURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s: %w", ue.Op, ue.Err)
	}
	return err
}

// decodeCredentials reads a conversion answer.
func decodeCredentials(body []byte) (*AppCredentials, error) {
	var wire struct {
		AppCredentials
		Permissions map[string]string `json:"permissions"`
		Events      []string          `json:"events"`
	}
	if err := json.Unmarshal(body, &wire); err != nil {
		return nil, fmt.Errorf("%w: not the JSON of an app: %v", ErrBadResponse, err)
	}
	c := wire.AppCredentials
	var missing []string
	for _, f := range []struct {
		name string
		ok   bool
	}{{"id", c.ID != 0}, {"client_id", c.ClientID != ""}, {"client_secret", c.ClientSecret != ""}, {"pem", c.PEM != ""}} {
		if !f.ok {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%w: the answer lacks %s", ErrBadResponse, strings.Join(missing, ", "))
	}
	// GitHub's answer is the authority: names the catalogue does not know
	// yet are kept, not dropped, and their levels read as well as they can.
	if wire.Permissions != nil {
		c.Permissions = make(Permissions, len(wire.Permissions))
		for name, level := range wire.Permissions {
			l, err := ParseLevel(level)
			if err != nil {
				return nil, fmt.Errorf("%w: permission %s has level %q", ErrBadResponse, name, level)
			}
			c.Permissions[Permission(name).Canonical()] = l
		}
	}
	for _, name := range wire.Events {
		c.Events = append(c.Events, Event(name))
	}
	return &c, nil
}
