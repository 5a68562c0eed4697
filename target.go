package ghapp

import (
	"net"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A Target says where an app is registered: on which GitHub, and under which
// account.
type Target struct {
	// BaseURL is the web address of the GitHub instance: "" for
	// https://github.com, otherwise the origin of a GitHub Enterprise Server
	// ("https://github.example.com") or GHE.com host
	// ("https://octocorp.ghe.com"), with nothing after the host but an
	// optional "/". It must be https, except on a loopback host
	// (localhost, 127.0.0.0/8, [::1]), where http serves tests. A trailing
	// dot on the host ("https://github.com.") names the same host and is
	// dropped.
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
	origin, plan, fe := t.check()
	if fe != nil {
		return "", 0, fe
	}
	return origin, plan, nil
}

// check is resolve, with the problem as a *FieldError.
func (t Target) check() (origin string, plan Plan, err *FieldError) {
	origin, hostPlan, loopback, err := parseBaseURL(t.BaseURL)
	if err != nil {
		return "", 0, err
	}
	if t.Organization != "" && !validLogin(t.Organization) {
		return "", 0, fieldErr("organization", ErrInvalidTarget,
			"%s is not a GitHub login: letters, digits and single hyphens, not at either end, at most 39 characters", quoteBounded(t.Organization))
	}
	plan, err = planFor(hostPlan, loopback, t.Plan, origin)
	return origin, plan, err
}

// forEveryAccount resolves t for a page that is the same for every
// account (the authorize page, an install link): an organization is a
// problem, which why explains.
func (t Target) forEveryAccount(why string) (origin string, plan Plan, err *FieldError) {
	origin, plan, err = t.check()
	if err == nil && t.Organization != "" {
		err = fieldErr("organization", ErrInvalidTarget, "%s", why)
	}
	return origin, plan, err
}

// planFor returns the plan a target of a host of hostPlan checks against,
// given the plan it names (0 for none).
func planFor(hostPlan Plan, loopback bool, named Plan, origin string) (Plan, *FieldError) {
	switch {
	case named == 0:
		return hostPlan, nil
	case !named.Known():
		return 0, fieldErr("plan", ErrInvalidTarget, "%v is not a known plan", named)
	case loopback:
	case hostPlan == PlanGitHubCom && named != PlanGitHubCom && named != PlanGHEC,
		hostPlan == PlanGHEC && named != PlanGHEC,
		hostPlan.GHES() && !named.GHES():
		return 0, fieldErr("plan", ErrInvalidTarget, "%v does not run on %s", named, origin)
	}
	return named, nil
}

// parseBaseURL checks a base URL and returns its origin, the plan its host
// implies, and whether the host is a loopback one.
func parseBaseURL(base string) (origin string, plan Plan, loopback bool, err *FieldError) {
	if base == "" {
		return githubOrigin, PlanGitHubCom, false, nil
	}
	bad := func(format string, args ...any) (string, Plan, bool, *FieldError) {
		return "", 0, false, fieldErr("base_url", ErrInvalidTarget, format, args...)
	}
	q := quoteURL(base)
	u, perr := url.Parse(base)
	switch {
	case perr != nil:
		return bad("%s does not parse as a URL", q)
	case u.Scheme != "https" && u.Scheme != "http":
		return bad("%s is not an http or https URL", q)
	case u.Opaque != "" || u.Host == "":
		return bad("%s has no host", q)
	case u.User != nil:
		return bad("%s holds credentials", q)
	case u.Path != "" && u.Path != "/", u.RawPath != "":
		return bad("%s has a path; give the origin only (GitHub Enterprise Server serves apps at its root)", q)
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Contains(base, "#"):
		return bad("%s has a query or fragment; give the origin only", q)
	}
	if why := checkHost(u); why != "" {
		return bad("%s: %s", q, why)
	}
	origin, plan, loopback, why := originOf(u)
	if why != "" {
		return bad("%s: %s", q, why)
	}
	return origin, plan, loopback, nil
}

// originOf returns the origin of u, whose host checkHost accepted, the
// plan its host implies, and whether it is a loopback host; why says what
// is wrong with it as a GitHub web host.
func originOf(u *url.URL) (origin string, plan Plan, loopback bool, why string) {
	hostname := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	loopback = isLoopback(hostname)
	if u.Scheme == "http" && !loopback {
		return "", 0, false, "http; GitHub serves https (http is allowed for loopback hosts only: localhost, 127.0.0.0/8, [::1])"
	}
	switch {
	case strings.HasSuffix(hostname, ".github.com") || strings.HasPrefix(hostname, "api.") && strings.HasSuffix(hostname, ".ghe.com"):
		return "", 0, false, "not a web host: give the origin people open, such as https://github.com or https://SUBDOMAIN.ghe.com, not an API or other GitHub host"
	case hostname == "github.com":
		plan = PlanGitHubCom
	case strings.HasSuffix(hostname, ".ghe.com") && strings.Count(hostname, ".") == 2:
		plan = PlanGHEC
	case strings.HasSuffix(hostname, ".ghe.com"):
		return "", 0, false, "not a GHE.com host: a GHE.com tenant is SUBDOMAIN.ghe.com"
	default:
		plan = LatestGHES()
	}
	host := hostname
	if strings.Contains(hostname, ":") {
		host = "[" + hostname + "]" // an IPv6 literal
	}
	if port := u.Port(); port != "" && !(u.Scheme == "https" && port == "443" || u.Scheme == "http" && port == "80") {
		host += ":" + port
	}
	return u.Scheme + "://" + host, plan, loopback, ""
}

// checkHost says what is wrong with u's host, or "": valid UTF-8, each
// label of a name 1 to 63 bytes of letters, digits and hyphens, not
// starting or ending with one, at most 253 bytes in all, with one trailing
// dot allowed; an IPv6 literal
// without a zone; a port, when given, a number from 1 to 65535 without
// leading zeros.
func checkHost(u *url.URL) string { return checkHostText(u.Host) }

// checkHostText is checkHost for a URL's host as written, with its port.
func checkHostText(host string) string {
	port := ""
	if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.HasSuffix(host, "]") {
		host, port = host[:i], host[i+1:]
		if port == "" {
			return "an empty port"
		}
		if port[0] == '0' || len(port) > 5 {
			return "port " + quoteBounded(port) + " is not a number from 1 to 65535 written without leading zeros"
		}
		n := 0
		for i := 0; i < len(port); i++ {
			if port[i] < '0' || port[i] > '9' {
				return "port " + quoteBounded(port) + " is not a number"
			}
			n = n*10 + int(port[i]-'0')
		}
		if n < 1 || n > 65535 {
			return "port " + port + " is outside 1 to 65535"
		}
	}
	if strings.HasPrefix(host, "[") {
		inner := strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
		if strings.Contains(inner, "%") {
			return "an IPv6 zone identifier, which names a local network interface"
		}
		if ip := net.ParseIP(inner); ip == nil || !strings.Contains(inner, ":") {
			return "not an IPv6 address"
		}
		return ""
	}
	name := strings.TrimSuffix(host, ".")
	if name == "" {
		return "no host"
	}
	if !utf8.ValidString(name) {
		return "a host that is not valid UTF-8"
	}
	if len(name) > 253 {
		return "a host name longer than 253 bytes"
	}
	for start := 0; start <= len(name); {
		end := strings.IndexByte(name[start:], '.')
		if end < 0 {
			end = len(name)
		} else {
			end += start
		}
		if why := checkLabel(name[start:end], host); why != "" {
			return why
		}
		start = end + 1
	}
	return ""
}

// checkLabel says what is wrong with one label of host, or "".
func checkLabel(label, host string) string {
	switch {
	case label == "":
		return "an empty label in host " + quoteBounded(host)
	case len(label) > 63:
		return "a label longer than 63 bytes in host " + quoteBounded(host)
	case label[0] == '-' || label[len(label)-1] == '-':
		return "a label starting or ending with a hyphen in host " + quoteBounded(host)
	}
	for i := 0; i < len(label); i++ {
		c := label[i]
		if c < utf8.RuneSelf {
			if !isAlnum(c) && c != '-' {
				return "host " + quoteBounded(host) + " holds " + quoteBounded(string(c)) + "; a host name has letters, digits, hyphens and dots"
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(label[i:])
		if !unicode.In(r, unicode.L, unicode.M, unicode.N) {
			return "host " + quoteBounded(host) + " holds " + quoteBounded(string(r)) + "; a host name has letters, digits, hyphens and dots"
		}
		i += n - 1
	}
	return ""
}

// isLoopback reports whether hostname (lower case, without a trailing dot)
// names this machine: localhost, 127.0.0.0/8 or ::1. Names under
// .localhost are resolved through DNS like any other and do not count.
func isLoopback(hostname string) bool {
	if hostname == "localhost" {
		return true
	}
	if hostname == "" || !(hostname[0] >= '0' && hostname[0] <= '9' || strings.IndexByte(hostname, ':') >= 0) {
		return false // a name: not an IP address
	}
	ip := net.ParseIP(hostname)
	if ip == nil {
		return false
	}
	if v4 := ip.To4(); v4 != nil {
		return v4[0] == 127
	}
	return ip.Equal(net.IPv6loopback)
}

// validLogin reports whether s is a GitHub login: letters, digits and single
// hyphens, not at either end, at most 39 characters.
func validLogin(s string) bool {
	if len(s) == 0 || len(s) > 39 || s[0] == '-' || s[len(s)-1] == '-' || strings.Contains(s, "--") {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isAlnum(c) && c != '-' {
			return false
		}
	}
	return true
}

// isAlnum reports whether b is an ASCII letter or digit.
func isAlnum(b byte) bool {
	return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9'
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

// originHost returns u's host in lower case, without a trailing dot or the
// scheme's default port (443 for https, 80 for http).
func originHost(u *url.URL) string {
	host := strings.ToLower(u.Hostname())
	host = strings.TrimSuffix(host, ".")
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port := u.Port(); port != "" && !(u.Scheme == "https" && port == "443" || u.Scheme == "http" && port == "80") {
		host += ":" + port
	}
	return host
}
