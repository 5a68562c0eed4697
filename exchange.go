package ghapp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
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
// with POST {t.APIURL()}/app-manifests/{code}/conversions and GitHub's
// Accept, X-GitHub-Api-Version and User-Agent headers. The code lasts one
// hour and works once, and the answer is the only copy of the app's
// secrets, so nothing in it is given up lightly:
//
//   - The ID, client ID and three secrets are read on their own. When they
//     are there but another field is not what the package expects (a level
//     GitHub added, a time in another format, an owner or events of another
//     shape), the credentials come back together with an error wrapping
//     [ErrPartialResponse], one [*FieldError] per such field; the other
//     fields are filled in. Check for it with errors.Is before giving up on
//     a non-nil error.
//   - Permission and event names the catalogue does not know are kept as
//     they are. A permission given under both of its names (emails and
//     email_addresses) takes the registration name's level, as
//     [Config.RegistrationURL] does.
//   - No redirect is followed, even with an hc that follows them: hc is
//     copied with a CheckRedirect of its own, never changed.
//
// The code is checked before any request ([ErrInvalidCode]), and t must be
// https but for loopback hosts ([ErrInvalidTarget]). A nil hc means a client
// with [DefaultTimeout]. At most 1 MiB of the answer is read. A 404 or 422
// answer is an [*APIError] wrapping [ErrCodeRejected], any other failure
// status (a redirect among them) one wrapping [ErrAPI], which keeps only
// GitHub's message and documentation_url of the body. A success (GitHub
// answers 201) that is not a JSON object, is too large, or lacks a usable
// id, client_id, client_secret or pem wraps [ErrBadResponse], with nil
// credentials; its body never appears in an error. Errors of ctx and of
// the client come back wrapped, for [errors.Is], without the request's URL,
// which holds the code.
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
	resp, err := exchangeClient(hc).Do(req)
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

// exchangeClient returns the client for the one-time exchange: hc, or the
// default one, with a CheckRedirect that follows no redirect. A redirect
// would send the code on (a 307 or 308 replays the POST, to any host, and
// names the code's URL in Referer), so the 3xx answer is taken as it is
// and becomes an [*APIError]. hc itself is not changed: the copy shares its
// Transport, Jar and Timeout.
func exchangeClient(hc *http.Client) *http.Client {
	if hc == nil {
		return defaultClient(nil)
	}
	c := *hc
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &c
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
