module github.com/ghapp-dev/ghapp/cmd/ghapp

go 1.24

require (
	github.com/ghapp-dev/ghapp v0.0.0
	github.com/google/go-cmp v0.7.0
	go.yaml.in/yaml/v4 v4.0.0
)

