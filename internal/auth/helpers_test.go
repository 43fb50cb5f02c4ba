package auth

import (
	"time"

	"github.com/pquerna/otp/hotp"
)

func generateForTest(secretB32 string, now time.Time) (string, error) {
	return hotp.GenerateCodeCustom(secretB32, uint64(now.Unix()/totpPeriod), hotpOpts)
}
