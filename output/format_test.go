package output

import "testing"

func TestGroupThousands(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"0", "0"},
		{"999", "999"},
		{"1000", "1,000"},
		{"-1234567.5", "-1,234,567.5"},
		{"123456", "123,456"},
		{"0.25", "0.25"},
	} {
		if got := GroupThousands(tt.in); got != tt.want {
			t.Errorf("GroupThousands(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}
