module github.com/ghapp-dev/ghapp

go 1.23

require (
	github.com/google/go-cmp v0.7.0
	github.com/google/go-querystring v1.1.0
)
