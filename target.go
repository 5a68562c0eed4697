package ghapp

import (
	"net"
	"net/url"
	"strings"
)

// A Target says where an app is registered: on which GitHub, and under which
// account.
type Target struct {
	// BaseURL is the web address of the GitHub instance: "" for
	// https://github.com, otherwise the origin of a GitHub Enterprise Server
	// ("https://github.example.com") or GHE.com host
	// ("https://octocorp.ghe.com"), with nothing after the host but an
	// optional "/". It must be https, except on a loopback host
	// (localhost, 127.0.0.1, [::1]), where http serves tests.
	BaseURL string
	// Organization registers the app on this organization, given by its
	// login. "" registers it on the personal account of whoever opens the
	// link.
	Organization string
	// Plan is the plan whose permissions and events the registration is
	// checked against. Zero picks it from the host: github.com is
	// PlanGitHubCom, *.ghe.com is PlanGHEC, and any other host is the newest
	// GitHub Enterprise Server ([LatestGHES]). Set it to name an older
	// server version, or PlanGHEC for an enterprise account on github.com.
	// A loopback host accepts any plan.
	Plan Plan
}

// githubOrigin is the web origin of github.com.
const githubOrigin = "https://github.com"

// resolve checks t and returns its web origin ("https://github.com") and
// plan. Problems are *FieldErrors for base_url, organization and plan, each
// wrapping ErrInvalidTarget.
func (t Target) resolve() (origin string, plan Plan, err error) {
	origin, hostPlan, loopback, err := parseBaseURL(t.BaseURL)
	if err != nil {
		return "", 0, err
	}
	if t.Organization != "" && !validLogin(t.Organization) {
		return "", 0, fieldErr("organization", ErrInvalidTarget,
			"%q is not a GitHub login: letters, digits and single hyphens, not at either end, at most 39 characters", t.Organization)
	}
	plan = hostPlan
	if t.Plan != 0 {
		switch {
		case !t.Plan.Known():
			return "", 0, fieldErr("plan", ErrInvalidTarget, "%v is not a known plan", t.Plan)
		case loopback:
		case hostPlan == PlanGitHubCom && t.Plan != PlanGitHubCom && t.Plan != PlanGHEC,
			hostPlan == PlanGHEC && t.Plan != PlanGHEC,
			hostPlan.GHES() && !t.Plan.GHES():
			return "", 0, fieldErr("plan", ErrInvalidTarget, "%v does not run on %s", t.Plan, origin)
		}
		plan = t.Plan
	}
	return origin, plan, nil
}

// parseBaseURL checks a base URL and returns its origin, the plan its host
// implies, and whether the host is a loopback one.
func parseBaseURL(base string) (origin string, plan Plan, loopback bool, err error) {
	if base == "" {
		return githubOrigin, PlanGitHubCom, false, nil
	}
	bad := func(format string, args ...any) (string, Plan, bool, error) {
		return "", 0, false, fieldErr("base_url", ErrInvalidTarget, format, args...)
	}
	u, perr := url.Parse(base)
	switch {
	case perr != nil:
		return bad("%q does not parse as a URL", base)
	case u.Scheme != "https" && u.Scheme != "http":
		return bad("%q is not an http or https URL", base)
	case u.Opaque != "" || u.Hostname() == "":
		return bad("%q has no host", base)
	case u.User != nil:
		return bad("%q holds credentials", base)
	case u.Path != "" && u.Path != "/", u.RawPath != "":
		return bad("%q has a path; give the origin only (GitHub Enterprise Server serves apps at its root)", base)
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Contains(base, "#"):
		return bad("%q has a query or fragment; give the origin only", base)
	}
	host := originHost(u)
	hostname := strings.ToLower(u.Hostname())
	loopback = isLoopback(hostname)
	if u.Scheme == "http" && !loopback {
		return bad("%q is http; GitHub serves https (http is allowed for loopback hosts only)", base)
	}
	switch {
	case strings.HasSuffix(hostname, ".github.com") || strings.HasPrefix(hostname, "api.") && strings.HasSuffix(hostname, ".ghe.com"):
		return bad("%q is not a web host: give the origin people open, such as https://github.com or https://SUBDOMAIN.ghe.com, not an API or other GitHub host", base)
	case hostname == "github.com":
		plan = PlanGitHubCom
	case strings.HasSuffix(hostname, ".ghe.com") && len(hostname) > len(".ghe.com"):
		plan = PlanGHEC
	default:
		plan = LatestGHES()
	}
	return u.Scheme + "://" + host, plan, loopback, nil
}

// originHost returns u's host in lower case, without the scheme's default
// port (443 for https, 80 for http).
func originHost(u *url.URL) string {
	host := strings.ToLower(u.Host)
	if port := u.Port(); u.Scheme == "https" && port == "443" || u.Scheme == "http" && port == "80" {
		host = strings.TrimSuffix(host, ":"+port)
	}
	return host
}

func isLoopback(hostname string) bool {
	if hostname == "localhost" || strings.HasSuffix(hostname, ".localhost") {
		return true
	}
	ip := net.ParseIP(hostname)
	return ip != nil && ip.IsLoopback()
}

// validLogin reports whether s is a GitHub login: letters, digits and single
// hyphens, not at either end, at most 39 characters.
func validLogin(s string) bool {
	if len(s) == 0 || len(s) > 39 || s[0] == '-' || s[len(s)-1] == '-' || strings.Contains(s, "--") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// registrationPath returns the path of the registration page for t.
func (t Target) registrationPath() string {
	if t.Organization == "" {
		return "/settings/apps/new"
	}
	return "/organizations/" + t.Organization + "/settings/apps/new"
}

// APIURL returns the REST API root of t's GitHub: https://api.github.com for
// github.com, https://api.SUBDOMAIN.ghe.com for GHE.com, and
// https://HOST/api/v3 for GitHub Enterprise Server (and for loopback hosts,
// which stand in for it in tests). It returns "" when t.BaseURL is not a
// valid base URL (see [Target]).
func (t Target) APIURL() string {
	origin, plan, _, err := parseBaseURL(t.BaseURL)
	switch {
	case err != nil:
		return ""
	case origin == githubOrigin:
		return "https://api.github.com"
	case plan == PlanGHEC:
		scheme, host, _ := strings.Cut(origin, "://")
		return scheme + "://api." + host
	}
	return origin + "/api/v3"
}
