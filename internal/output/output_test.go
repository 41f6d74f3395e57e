package output

import "testing"

func TestNormalize(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{"1 2 \n3\t\n\n\n", "1 2\n3"},
		{"OK\r\n", "OK"},
		{"", ""},
		{"  lead\n", "  lead"},
	} {
		if got := Normalize(tc.got); got != tc.want {
			t.Errorf("Normalize(%q) = %q, want %q", tc.got, got, tc.want)
		}
	}
	if Matches("1\n2\n", "1\n3\n") || !Matches("1 \n2\n\n", "1\n2") {
		t.Error("Matches compares wrongly")
	}
}
