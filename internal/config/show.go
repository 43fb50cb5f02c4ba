package config

import (
	"fmt"
	"io"
	"slices"
)

// Show prints the effective configuration, one variable a line, secrets redacted.
func Show(w io.Writer, c *Config) {
	for _, s := range table {
		v := s.show(c)
		switch {
		case v == "":
			v = "(unset)"
		case s.secret && slices.Contains(c.GeneratedSecrets, s.name):
			v = "[REDACTED] (generated in DATA_DIR)"
		case s.secret:
			v = "[REDACTED]"
		}
		fmt.Fprintf(w, "%-20s %-36s # %s\n", s.name, v, s.help)
	}
}
