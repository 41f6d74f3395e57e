package gctune

import (
	"runtime/debug"
	"testing"
)

func TestApply(t *testing.T) {
	old := debug.SetGCPercent(123)
	defer debug.SetGCPercent(old)

	Apply(func(string) string { return "200" }) // the operator chose: left alone
	if got := debug.SetGCPercent(123); got != 123 {
		t.Fatalf("with GOGC set, the percent became %d", got)
	}
	Apply(func(string) string { return "" })
	if got := debug.SetGCPercent(123); got != Percent {
		t.Fatalf("without GOGC, the percent is %d, want %d", got, Percent)
	}
}
