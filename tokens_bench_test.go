package ghapp_test

import (
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/ghapp-dev/ghapp"
)

// tokenRequestOf returns a fine-grained token request with n repository and
// organization permissions (at most 57), and the same parameters as
// url.Values, the baseline's input.
func tokenRequestOf(n int) (ghapp.FineGrainedTokenRequest, url.Values) {
	r := ghapp.FineGrainedTokenRequest{Name: "bench token", Description: "Reads and writes what CI needs", TargetName: "octo-org",
		ExpiresIn: 30, Permissions: ghapp.TokenPermissions{}}
	v := url.Values{"name": {r.Name}, "description": {r.Description}, "target_name": {r.TargetName}, "expires_in": {"30"}}
	for _, p := range ghapp.KnownTokenPermissions() {
		if len(r.Permissions) == n {
			break
		}
		if p.Resource() != ghapp.ResourceAccount {
			l := p.Levels()[0]
			r.Permissions[p] = l
			v.Set(string(p), l.String())
		}
	}
	return r, v
}

// BenchmarkFineGrainedTokenURL encodes and parses links of 1, 8 and 57
// permissions, beside the standard library doing the same without checks:
// url.Values.Encode and url.ParseQuery of the same parameters. The cost per
// permission stays the same as the link grows.
func BenchmarkFineGrainedTokenURL(b *testing.B) {
	for _, n := range []int{1, 8, 57} {
		r, v := tokenRequestOf(n)
		link, err := r.URL(ghapp.Target{})
		if err != nil {
			b.Fatal(err)
		}
		_, query, _ := strings.Cut(link, "?")
		size := "permissions=" + strconv.Itoa(n)
		b.Run("baseline=Values.Encode/"+size, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				sinkString = "https://github.com/settings/personal-access-tokens/new?" + v.Encode()
			}
		})
		b.Run("URL/"+size, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				sinkString, sinkErr = r.URL(ghapp.Target{})
			}
		})
		b.Run("baseline=ParseQuery/"+size, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				_, sinkErr = url.ParseQuery(query)
			}
		})
		b.Run("Parse/"+size, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				_, _, sinkErr = ghapp.ParseFineGrainedTokenURL(link)
			}
		})
	}
}

// BenchmarkClassicTokenURL encodes and parses classic token links of 1, 8
// and 32 scopes beside url.Values doing the same without checks.
func BenchmarkClassicTokenURL(b *testing.B) {
	var all []ghapp.Scope
	for _, s := range ghapp.KnownScopes() {
		if s.Reported() && s.AvailableOn(ghapp.PlanGHEC) {
			all = append(all, s)
		}
	}
	for _, n := range []int{1, 8, 32} {
		scopes := all[:min(n, len(all))]
		r := ghapp.ClassicTokenRequest{Description: "bench", Scopes: scopes}
		t := ghapp.Target{Plan: ghapp.PlanGHEC}
		link, err := r.URL(t)
		if err != nil {
			b.Fatal(err)
		}
		names := make([]string, len(scopes))
		for i, s := range scopes {
			names[i] = string(s)
		}
		v := url.Values{"scopes": {strings.Join(names, ",")}, "description": {"bench"}}
		_, query, _ := strings.Cut(link, "?")
		size := "scopes=" + strconv.Itoa(len(scopes))
		b.Run("baseline=Values.Encode/"+size, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				sinkString = "https://github.com/settings/tokens/new?" + v.Encode()
			}
		})
		b.Run("URL/"+size, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				sinkString, sinkErr = r.URL(t)
			}
		})
		b.Run("baseline=ParseQuery/"+size, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				_, sinkErr = url.ParseQuery(query)
			}
		})
		b.Run("Parse/"+size, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				_, _, sinkErr = ghapp.ParseClassicTokenURL(link)
			}
		})
	}
}

// BenchmarkCheckGraphQLScopes reads answers of 1, 10, 100 and 1000
// INSUFFICIENT_SCOPES errors beside the baseline of decoding the same body
// into the errors' types and messages with encoding/json alone.
func BenchmarkCheckGraphQLScopes(b *testing.B) {
	for _, n := range []int{1, 10, 100, 1000} {
		var parts []string
		for i := 0; i < n; i++ {
			parts = append(parts, `{"type": "INSUFFICIENT_SCOPES", "locations": [{"line": 1, "column": `+strconv.Itoa(i)+`}], "message": "`+
				graphqlMessage("field"+strconv.Itoa(i), "['read:project']", "['gist', 'read:org', 'repo']")+`"}`)
		}
		body := []byte(`{"data": null, "errors": [` + strings.Join(parts, ", ") + `]}`)
		size := "errors=" + strconv.Itoa(n)
		b.Run("baseline=json.Unmarshal/"+size, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			for i := 0; i < b.N; i++ {
				var answer struct {
					Errors []struct{ Type, Message string }
				}
				sinkErr = json.Unmarshal(body, &answer)
			}
		})
		b.Run("CheckGraphQLScopes/"+size, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			for i := 0; i < b.N; i++ {
				sinkErr = ghapp.CheckGraphQLScopes(body)
			}
		})
	}
}
