module github.com/ghapp-dev/ghapp

go 1.22
