package main

import (
	"context"
	"testing"
	"time"

	"github.com/lemedia/lemedia/internal/secret"
	"github.com/lemedia/lemedia/internal/store"
	"github.com/lemedia/lemedia/internal/testenv"
)

// Two LeMedia processes on one PostgreSQL: a due periodic job runs once,
// not once per process.
func TestTwoProcessesRunAPeriodicJobOnce(t *testing.T) {
	url := testenv.Postgres(t)
	env := []string{"DATA_DIR=" + t.TempDir(), "LISTEN_ADDR=127.0.0.1:0", "DATABASE_URL=" + url,
		"SERVICES_SECRET_KEY=" + secret.Token(32), "SESSION_SECRET=" + secret.Token(32), "LOG_FORMAT=text",
		"JOB_POLL_INTERVAL=50ms"}
	startServer(t, env)
	second := append([]string(nil), env...)
	second[0] = "DATA_DIR=" + t.TempDir()
	startServer(t, second)

	ctx := context.Background()
	st, err := store.Open(ctx, url, "")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	runs := func() int {
		list, err := store.JobRuns(ctx, st.DB, store.JobRunsFilter{Kind: "housekeeping"})
		if err != nil {
			t.Fatal(err)
		}
		return len(list)
	}
	if _, err := st.DB.Exec(`UPDATE job_schedule SET next_run_at = $1 WHERE kind = 'housekeeping'`, time.Now().Add(-time.Second).UTC()); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for runs() < 1 {
		if time.Now().After(deadline) {
			t.Fatal("the due job did not run")
		}
		time.Sleep(200 * time.Millisecond)
	}
	time.Sleep(35 * time.Second) // two more ticks of the leader, whichever process it is
	if n := runs(); n != 1 {
		t.Fatalf("%d runs of one due job", n)
	}
}
