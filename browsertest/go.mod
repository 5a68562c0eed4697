module github.com/ghapp-dev/ghapp/browsertest

go 1.23

require github.com/ghapp-dev/ghapp v0.0.0

require github.com/google/go-querystring v1.1.0 // indirect

replace github.com/ghapp-dev/ghapp => ../
