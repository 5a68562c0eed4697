package oauth2test

import (
	"fmt"
	"log"

	"golang.org/x/oauth2"

	"github.com/ghapp-dev/ghapp"
)

// Example_gitHubEnterpriseServer configures x/oauth2 for a GitHub
// Enterprise Server and writes the web flow's first link, with a PKCE
// challenge. The state and verifier are fixed here to give a fixed output;
// make them with ghapp.NewState and oauth2.GenerateVerifier, and keep both
// until the exchange: conf.Exchange(ctx, code, oauth2.VerifierOption(verifier)).
func Example_gitHubEnterpriseServer() {
	ep, err := ghapp.Target{BaseURL: "https://github.example.com"}.OAuthEndpoint()
	if err != nil {
		log.Fatal(err)
	}
	conf := oauth2.Config{ClientID: "Ov23liExample", Scopes: []string{"repo", "read:org"},
		Endpoint: oauth2.Endpoint{AuthURL: ep.AuthURL, TokenURL: ep.TokenURL,
			DeviceAuthURL: ep.DeviceAuthURL, AuthStyle: oauth2.AuthStyleInParams}}
	verifier := "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk" // RFC 7636's example
	fmt.Println(conf.AuthCodeURL("AB12t", oauth2.S256ChallengeOption(verifier)))
	// Output:
	// https://github.example.com/login/oauth/authorize?client_id=Ov23liExample&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256&response_type=code&scope=repo+read%3Aorg&state=AB12t
}
