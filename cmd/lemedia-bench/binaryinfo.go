package main

import (
	"debug/buildinfo"
	"debug/elf"
	"os"
)

// BinaryInfo is what the harness knows of the binary under test.
type BinaryInfo struct {
	Path      string
	Size      int64
	Static    bool   // an ELF file with no interpreter and no dynamic section
	Format    string // "ELF", or why it could not be read
	GoVersion string // from the build info embedded by the Go linker
	CGO       string // CGO_ENABLED at build time
}

func inspectBinary(path string) (BinaryInfo, error) {
	info := BinaryInfo{Path: path}
	st, err := os.Stat(path)
	if err != nil {
		return info, err
	}
	info.Size = st.Size()
	if f, err := elf.Open(path); err != nil {
		info.Format = "not ELF"
	} else {
		info.Format, info.Static = "ELF", true
		for _, p := range f.Progs {
			if p.Type == elf.PT_INTERP || p.Type == elf.PT_DYNAMIC {
				info.Static = false
			}
		}
		f.Close()
	}
	if bi, err := buildinfo.ReadFile(path); err == nil {
		info.GoVersion = bi.GoVersion
		for _, s := range bi.Settings {
			if s.Key == "CGO_ENABLED" {
				info.CGO = s.Value
			}
		}
	}
	return info, nil
}
