package cluster

import "testing"

func FuzzDecode(f *testing.F) {
	f.Add(string(encode("n1", "topic", []byte("payload"))))
	f.Add(string(encode("n1", "t", nil)))
	f.Add("\x00\x00")
	f.Add("node\x00")
	f.Add("")
	f.Fuzz(func(t *testing.T, raw string) {
		node, topic, payload, err := decode(raw)
		if err != nil {
			return
		}
		if node == "" || topic == "" {
			t.Fatalf("decoded an empty node or topic from %q", raw)
		}
		if again := string(encode(node, topic, payload)); again != raw {
			t.Fatalf("round trip: %q != %q", again, raw)
		}
	})
}
