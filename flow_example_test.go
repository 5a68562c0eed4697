package ghapp_test

import (
	"context"
	"fmt"
	"net/http"

	"github.com/ghapp-dev/ghapp"
)

// The platform's own parts, for the example.
var (
	vault        secretStore
	requireAdmin = func(*http.Request) error { return nil } // the platform's login check
)

type secretStore struct{}

func (secretStore) Put(ctx context.Context, name string, data []byte) error { return nil }

func ExampleManifestFlow() {
	flow := &ghapp.ManifestFlow{
		Manifest: func(r *http.Request) (ghapp.Manifest, ghapp.Target, error) {
			return ghapp.Manifest{Name: "octo-bot", URL: "https://platform.example.com"}, ghapp.Target{Organization: "octo-org"}, nil
		},
		RedirectURL: "https://platform.example.com/github-apps/callback",
		Created: func(w http.ResponseWriter, r *http.Request, c *ghapp.AppCredentials) error {
			data, err := c.RevealJSON() // the only copy of the app's secrets
			if err != nil {
				return err
			}
			return vault.Put(r.Context(), "github-apps/"+c.Slug, data)
		},
		Allow: requireAdmin, // who may create apps
	}
	mux := http.NewServeMux()
	mux.Handle("/github-apps/", flow)
	fmt.Println(flow.Validate())
	// Output: <nil>
}
