package browsertest_test

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/lemedia/lemedia/internal/apptest"
	"github.com/lemedia/lemedia/internal/browsertest"
)

func TestZZProbeVirtual(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{Env: map[string]string{"SESSION_IDLE_TIMEOUT": "5m"}})
	b := browsertest.New(t, srv.URL)
	ensureSetUp(t, b)
	b.Navigate("/login")
	b.SetValue("#login", "owner")
	b.SetValue("#password", "browser-test-owner-7Qx2")
	b.ClickNavigate(`form[action="/login"] [type="submit"]`)
	t.Logf("after login: %s idle=%v", b.Location(), browsertest.Eval[string](b, "document.body.dataset.idleSeconds"))
	state := func() string {
		return browsertest.Eval[string](b, `JSON.stringify([performance.now(), Date.now(), document.getElementById("timeout-warning").hidden])`)
	}
	t.Logf("before: %s", state())
	budget := 224000.0
	start := time.Now()
	b.Do(chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetVirtualTimePolicy, emulation.SetVirtualTimePolicyParams{Policy: emulation.VirtualTimePolicyAdvance, Budget: &budget})
		return err
	}))
	for i := 0; i < 10; i++ {
		t.Logf("%v: %s", time.Since(start), state())
		time.Sleep(100 * time.Millisecond)
	}
	budget = 2000
	b.Do(chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetVirtualTimePolicy, emulation.SetVirtualTimePolicyParams{Policy: emulation.VirtualTimePolicyAdvance, Budget: &budget})
		return err
	}))
	for i := 0; i < 5; i++ {
		t.Logf("%v: %s", time.Since(start), state())
		time.Sleep(100 * time.Millisecond)
	}
	b.Click("#stay-signed-in")
	for i := 0; i < 5; i++ {
		t.Logf("after click %v: %s", time.Since(start), state())
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("perf: %s", browsertest.Eval[string](b, `JSON.stringify(performance.getEntriesByType("resource").filter(e => e.name.endsWith("/session/extend")).map(e => [e.name, e.responseStatus, e.initiatorType]))`))
	budget = 1000
	b.Do(chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetVirtualTimePolicy, emulation.SetVirtualTimePolicyParams{Policy: emulation.VirtualTimePolicyAdvance})
		return err
	}))
	for i := 0; i < 3; i++ {
		t.Logf("advance %v: %s", time.Since(start), state())
		time.Sleep(100 * time.Millisecond)
	}
	b.Navigate("/profile/security")
	t.Logf("security: %s %s", b.Location(), state())
}
