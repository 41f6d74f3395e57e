// Package output is the one rule for comparing a program's output with the
// expected output of a test case: the question bank checks its statements
// with it (problems) and the sandbox judges runs with it (runner), so an
// answer the bank shows as right is judged right.
package output

import "strings"

// Normalize prepares output for comparison: "\r\n" becomes "\n", trailing
// spaces and tabs are cut from every line and trailing blank lines are
// dropped.
func Normalize(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i, line := range lines {
		lines[i] = strings.TrimRight(line, " \t\r")
	}
	return strings.TrimRight(strings.Join(lines, "\n"), "\n")
}

// Matches reports whether got equals expected after Normalize.
func Matches(got, expected string) bool {
	return Normalize(got) == Normalize(expected)
}
