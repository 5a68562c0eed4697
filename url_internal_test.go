package ghapp

import (
	"reflect"
	"strings"
	"testing"
)

// TestParamsTable: the constants p... name registration's fields in order,
// the embedded groups' fields in their places, and the table has a row for
// every field.
func TestParamsTable(t *testing.T) {
	names := []string{"Name", "Description", "HomepageURL", "CallbackURLs", "RequestOAuthOnInstall", "SetupURL", "SetupOnUpdate",
		"Public", "Permissions", "WebhookActive", "WebhookURL", "Events", "SingleFileName", "SingleFilePaths", "RedirectURL"}
	if len(names) != int(nParams) {
		t.Fatalf("%d names for %d params", len(names), nParams)
	}
	for p, want := range names {
		if got := params()[p].name; got != want {
			t.Errorf("param %d is the field %s, want %s", p, got, want)
		}
	}
	fields := 0
	var count func(t reflect.Type)
	count = func(t reflect.Type) {
		for i := range t.NumField() {
			if f := t.Field(i); f.Anonymous {
				count(f.Type.Elem())
			} else {
				fields++
			}
		}
	}
	count(reflect.TypeOf(registration{}))
	if fields != int(nParams) {
		t.Errorf("registration has %d settings, the constants name %d", fields, nParams)
	}
	// Every Config field but AllowUnknown is a setting of the table.
	if n := reflect.TypeOf(Config{}).NumField(); n != int(nParams)-1+1 { // -RedirectURL, +AllowUnknown
		t.Errorf("Config has %d fields; the table has %d settings", n, nParams)
	}
}

// FuzzPlainURL: the shortcut for plain URLs accepts only what the full
// check accepts.
func FuzzPlainURL(f *testing.F) {
	for _, s := range []string{"https://example.com", "http://a.b:8080/c?d=e&f=%20", "https://-a.b/", "https://a..b", "https://a.b/%zz",
		"https://a.b:0/", "https://a.b/#x", "https://a.b/<>", "https://user@a.b/", "https://[::1]/", "https://a.b:65536"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, fragmentOK := range []bool{false, true} {
			if plainURL(s) {
				if err := checkURLFully("url", s, fragmentOK); err != nil {
					t.Fatalf("plainURL(%q) accepts what the full check refuses: %v", s, err)
				}
			}
		}
	})
}

// TestSetParam: setParam sets what the table bound to a Config sets.
func TestSetParam(t *testing.T) {
	for p := range nParams {
		pi := &params()[p]
		if pi.key == "" || pi.kind == kindPerms {
			continue
		}
		val := "v"
		if pi.kind == kindBool {
			val = "true"
		}
		var a, b Config
		var redirect string
		reg := a.bind(&redirect)
		reg.field(p).set(val)
		b.setParam(p, val)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: bound %+v, setParam %+v", pi.key, a, b)
		}
		if reflect.DeepEqual(a, Config{}) {
			t.Errorf("%s: setting %q changed nothing", pi.key, val)
		}
	}
}

// TestHookAttributesTags: HookAttributes's JSON keys are the table's.
func TestHookAttributesTags(t *testing.T) {
	typ := reflect.TypeOf(HookAttributes{})
	for _, c := range []struct {
		field string
		p     param
	}{{"URL", pWebhookURL}, {"Active", pWebhookActive}} {
		f, _ := typ.FieldByName(c.field)
		key, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if want := strings.TrimPrefix(params()[c.p].manifest, "hook_attributes."); key != want {
			t.Errorf("HookAttributes.%s's JSON key is %q, the table's %q", c.field, key, want)
		}
	}
}
