package auth

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
)

// phc is a parsed "$argon2id$v=19$m=…,t=…,p=…$<salt>$<hash>" string
// (PHC string format, unpadded standard base64).
type phc struct {
	params    Params
	salt, key []byte
}

var b64 = base64.RawStdEncoding.Strict()

func (p phc) String() string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2Version,
		p.params.Memory, p.params.Time, p.params.Threads, b64.EncodeToString(p.salt), b64.EncodeToString(p.key))
}

const argon2Version = 0x13 // 19, the only version x/crypto/argon2 computes

// parsePHC accepts only the canonical form we write (re-encoding must give
// the input back), with bounds that keep a forged row from costing too much.
func parsePHC(s string) (phc, error) {
	bad := func(why string) (phc, error) { return phc{}, fmt.Errorf("%w: %s", ErrMalformedHash, why) }
	if len(s) > 512 {
		return bad("too long")
	}
	f := strings.Split(s, "$")
	if len(f) != 6 || f[0] != "" || f[1] != "argon2id" {
		return bad("not an argon2id PHC string")
	}
	if f[2] != "v="+strconv.Itoa(argon2Version) {
		return bad("unsupported version")
	}
	var p phc
	m, t, th, ok := parseMTP(f[3])
	if !ok {
		return bad("bad parameters")
	}
	p.params = Params{Memory: m, Time: t, Threads: th}
	if err := p.params.sane(); err != nil {
		return bad("parameters out of range")
	}
	var err error
	if p.salt, err = b64.DecodeString(f[4]); err != nil || len(p.salt) < 8 || len(p.salt) > 64 {
		return bad("bad salt")
	}
	if p.key, err = b64.DecodeString(f[5]); err != nil || len(p.key) < 16 || len(p.key) > 64 {
		return bad("bad hash")
	}
	if p.String() != s { // leading zeros, "+", stray newlines in base64, …
		return bad("not canonical")
	}
	return p, nil
}

func parseMTP(s string) (m, t uint32, p uint8, ok bool) {
	kv := strings.Split(s, ",")
	if len(kv) != 3 {
		return 0, 0, 0, false
	}
	var n [3]uint64
	for i, name := range []string{"m=", "t=", "p="} {
		v, found := strings.CutPrefix(kv[i], name)
		if !found {
			return 0, 0, 0, false
		}
		bits := 32
		if i == 2 {
			bits = 8
		}
		x, err := strconv.ParseUint(v, 10, bits)
		if err != nil {
			return 0, 0, 0, false
		}
		n[i] = x
	}
	return uint32(n[0]), uint32(n[1]), uint8(n[2]), true
}
