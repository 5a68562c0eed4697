package ghapp

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// APIVersion is the REST API version the package asks for, in the
// X-GitHub-Api-Version header of every request it makes.
const APIVersion = "2022-11-28"

// userAgent is the User-Agent of the package's requests.
const userAgent = "ghapp (github.com/ghapp-dev/ghapp)"

// setAPIHeaders sets the headers GitHub asks REST API callers to send.
func setAPIHeaders(h http.Header) {
	h.Set("Accept", "application/vnd.github+json")
	h.Set("X-GitHub-Api-Version", APIVersion)
	h.Set("User-Agent", userAgent)
}

// An APIError is an answer other than success from GitHub's REST API. It
// holds what GitHub said in its error's message and documentation_url
// fields, and nothing else of the body: a proxy or server that echoes the
// request cannot put a secret into the error.
type APIError struct {
	// Op is what was asked, without any secret: "manifest conversion",
	// "GET /app".
	Op         string
	StatusCode int // 404
	// Status is the status code and its standard text, "404 Not Found":
	// the reason phrase the server sent is not kept, since a proxy may put
	// anything there.
	Status           string
	Message          string // GitHub's message, "" when the body had none
	DocumentationURL string // GitHub's documentation_url, if any
	// RateLimitRemaining is the X-RateLimit-Remaining header, -1 when
	// absent; RateLimitReset is X-RateLimit-Reset, the zero time when
	// absent; RetryAfter is Retry-After, 0 when absent.
	RateLimitRemaining int
	RateLimitReset     time.Time
	RetryAfter         time.Duration

	// also is a sentinel that the operation adds, such as ErrCodeRejected,
	// and hint the words that explain it.
	also error
	hint string
}

// maxAPIText caps the length of the message and documentation URL an
// APIError keeps.
const maxAPIText = 512

// newAPIError reads a failure answer. Only GitHub's message and
// documentation_url fields are kept, cut to maxAPIText and stripped of
// control characters.
func newAPIError(op string, resp *http.Response, body []byte) *APIError {
	e := &APIError{Op: op, StatusCode: resp.StatusCode, Status: statusLine(resp.StatusCode), RateLimitRemaining: -1}
	var m struct {
		Message          string `json:"message"`
		DocumentationURL string `json:"documentation_url"`
	}
	if json.Unmarshal(body, &m) == nil {
		e.Message, e.DocumentationURL = cleanAPIText(m.Message), cleanAPIText(m.DocumentationURL)
	}
	if v, err := strconv.Atoi(resp.Header.Get("X-RateLimit-Remaining")); err == nil && v >= 0 {
		e.RateLimitRemaining = v
	}
	if v, err := strconv.ParseInt(resp.Header.Get("X-RateLimit-Reset"), 10, 64); err == nil && v > 0 {
		e.RateLimitReset = time.Unix(v, 0).UTC()
	}
	if v, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && v > 0 {
		e.RetryAfter = time.Duration(v) * time.Second
	}
	return e
}

// statusLine returns code and its standard text, "404 Not Found", or the
// code alone when it has none.
func statusLine(code int) string {
	if text := http.StatusText(code); text != "" {
		return strconv.Itoa(code) + " " + text
	}
	return strconv.Itoa(code)
}

// cleanAPIText returns s cut to maxAPIText bytes on a rune boundary, with
// control characters (terminal escapes among them) replaced by spaces.
func cleanAPIText(s string) string {
	if len(s) > maxAPIText {
		cut := maxAPIText
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "..."
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return ' '
		}
		return r
	}, s)
}

// RateLimited reports whether GitHub refused the request for its rate
// limit: a 429, or a 403 with no requests remaining or a Retry-After.
func (e *APIError) RateLimited() bool {
	return e.StatusCode == http.StatusTooManyRequests ||
		e.StatusCode == http.StatusForbidden && (e.RateLimitRemaining == 0 || e.RetryAfter > 0)
}

// Error returns "ghapp: OP: GitHub answered STATUS: MESSAGE".
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("ghapp: ")
	if e.Op != "" {
		b.WriteString(e.Op + ": ")
	}
	b.WriteString("GitHub answered ")
	if e.Status != "" {
		b.WriteString(e.Status)
	} else {
		b.WriteString(strconv.Itoa(e.StatusCode))
	}
	if e.hint != "" {
		b.WriteString(" (" + e.hint + ")")
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	return b.String()
}

// Unwrap returns [ErrAPI]; the sentinel of the status where it has one:
// [ErrUnauthorized] for 401, [ErrForbidden] for 403, [ErrNotFound] for 404,
// and [ErrRateLimited] for a refusal for the rate limit (see
// [APIError.RateLimited]; such a 403 is not ErrForbidden); and, where the
// operation says more, its own sentinel ([ErrCodeRejected] for a manifest
// code GitHub does not take).
func (e *APIError) Unwrap() []error {
	errs := make([]error, 1, 3)
	errs[0] = ErrAPI
	switch {
	case e.RateLimited():
		errs = append(errs, ErrRateLimited)
	case e.StatusCode == http.StatusUnauthorized:
		errs = append(errs, ErrUnauthorized)
	case e.StatusCode == http.StatusForbidden:
		errs = append(errs, ErrForbidden)
	case e.StatusCode == http.StatusNotFound:
		errs = append(errs, ErrNotFound)
	}
	if e.also != nil {
		errs = append(errs, e.also)
	}
	return errs
}
