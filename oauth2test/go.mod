module github.com/ghapp-dev/ghapp/oauth2test

go 1.26.0

replace github.com/ghapp-dev/ghapp => ../

require (
	github.com/ghapp-dev/ghapp v0.0.0
	github.com/google/go-cmp v0.7.0
	golang.org/x/oauth2 v0.38.0
)

require github.com/google/go-querystring v1.1.0 // indirect
